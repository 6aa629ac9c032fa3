using System.Collections.ObjectModel;

namespace RtcEngine.Sdp;

/// <summary>
/// The attributes of a session or media description, in order. Unknown attributes stay where they
/// were read; the typed finders below scan the list (descriptions are small and this is not a
/// media-path structure).
/// </summary>
/// <remarks>Not thread-safe: owned by whoever builds or edits the description.</remarks>
public sealed class SdpAttributeCollection : Collection<SdpAttribute>
{
    private readonly List<SdpAttribute> _items;

    /// <summary>An empty collection.</summary>
    public SdpAttributeCollection()
        : this(new List<SdpAttribute>())
    {
    }

    private SdpAttributeCollection(List<SdpAttribute> items)
        : base(items) => _items = items;

    /// <summary>The first attribute of <paramref name="kind"/>, or null.</summary>
    public SdpAttribute? Find(SdpAttributeKind kind)
    {
        foreach (SdpAttribute attribute in _items)
        {
            if (attribute.Kind == kind)
            {
                return attribute;
            }
        }

        return null;
    }

    /// <summary>The first attribute named <paramref name="name"/> (any kind, ordinal comparison), or null.</summary>
    public SdpAttribute? Find(string name)
    {
        foreach (SdpAttribute attribute in _items)
        {
            if (attribute.Name == name)
            {
                return attribute;
            }
        }

        return null;
    }

    /// <summary>The first attribute of type <typeparamref name="T"/>, or null.</summary>
    public T? Find<T>()
        where T : SdpAttribute
    {
        foreach (SdpAttribute attribute in _items)
        {
            if (attribute is T typed)
            {
                return typed;
            }
        }

        return null;
    }

    /// <summary>Every attribute of type <typeparamref name="T"/>, in order.</summary>
    public List<T> FindAll<T>()
        where T : SdpAttribute
    {
        var found = new List<T>();
        foreach (SdpAttribute attribute in _items)
        {
            if (attribute is T typed)
            {
                found.Add(typed);
            }
        }

        return found;
    }

    /// <summary>Every attribute of <paramref name="kind"/>, in order.</summary>
    public List<SdpAttribute> FindAll(SdpAttributeKind kind)
    {
        var found = new List<SdpAttribute>();
        foreach (SdpAttribute attribute in _items)
        {
            if (attribute.Kind == kind)
            {
                found.Add(attribute);
            }
        }

        return found;
    }

    /// <summary>Whether an attribute of <paramref name="kind"/> is present.</summary>
    public bool Contains(SdpAttributeKind kind) => Find(kind) is not null;

    /// <summary>Removes every attribute of <paramref name="kind"/>; returns how many.</summary>
    public int RemoveAll(SdpAttributeKind kind)
    {
        int removed = 0;
        for (int i = Count - 1; i >= 0; i--)
        {
            if (_items[i].Kind == kind)
            {
                RemoveAt(i);
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Adds several attributes in order.</summary>
    public void AddRange(IEnumerable<SdpAttribute> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        foreach (SdpAttribute attribute in attributes)
        {
            Add(attribute);
        }
    }

    /// <summary>Adds without the null check (the reader's path).</summary>
    internal void AddParsed(SdpAttribute attribute) => _items.Add(attribute);

    internal List<SdpAttribute> List => _items;

    /// <inheritdoc />
    protected override void InsertItem(int index, SdpAttribute item)
    {
        ArgumentNullException.ThrowIfNull(item);
        base.InsertItem(index, item);
    }

    /// <inheritdoc />
    protected override void SetItem(int index, SdpAttribute item)
    {
        ArgumentNullException.ThrowIfNull(item);
        base.SetItem(index, item);
    }
}
