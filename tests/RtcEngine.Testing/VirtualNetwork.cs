using System.Diagnostics;
using RtcEngine.Primitives;
using RtcEngine.Primitives.Crypto;

namespace RtcEngine.Testing;

/// <summary>One delivery recorded by <see cref="VirtualNetwork"/>: enough to compare two runs.</summary>
public readonly record struct TraceEntry(long Ticks, PeerAddress From, PeerAddress To, int Length, uint Crc);

/// <summary>What the network did with the datagrams it was given.</summary>
public sealed class VirtualNetworkStats
{
    public long Sent { get; internal set; }
    public long Delivered { get; internal set; }
    public long Lost { get; internal set; }
    public long Duplicated { get; internal set; }
    public long Reordered { get; internal set; }
    public long DroppedOverMtu { get; internal set; }
    public long DroppedByFilter { get; internal set; }
    public long Undeliverable { get; internal set; }
}

/// <summary>A datagram in flight, as seen (and possibly changed or dropped) by <see cref="VirtualNetwork.Filter"/>.</summary>
public sealed class InFlightDatagram
{
    internal InFlightDatagram(byte[] data, PeerAddress from, PeerAddress to, TransportProtocol protocol)
    {
        Data = data;
        From = from;
        To = to;
        Protocol = protocol;
    }

    public byte[] Data { get; set; }
    public PeerAddress From { get; set; }
    public PeerAddress To { get; set; }
    public TransportProtocol Protocol { get; }
}

/// <summary>
/// An in-memory network of sans-IO engines in virtual time. Each engine is a node with one or more
/// addresses; datagrams travel over one-way links with seeded delay, jitter, loss, duplication,
/// reordering and MTU drops. The progress loop (<see cref="Step"/>) always jumps to the earliest
/// pending thing, a delivery or a timer, so ten seconds of protocol time run in milliseconds.
/// </summary>
/// <remarks>
/// After every input the network drains every node's transmits and events, as the engine contract
/// asks. Not thread-safe: a test drives it from one thread.
/// </remarks>
public sealed class VirtualNetwork
{
    private const int StuckTimerLimit = 10_000;

    private readonly List<VirtualNode> _nodes = [];
    private readonly Dictionary<PeerAddress, VirtualNode> _byAddress = [];
    private readonly Dictionary<(VirtualNode From, VirtualNode To), LinkConditions> _links = [];
    private readonly Dictionary<PeerAddress, PeerAddress> _natOutsideByInside = [];
    private readonly Dictionary<PeerAddress, PeerAddress> _natInsideByOutside = [];
    private readonly PriorityQueue<Pending, (long Ticks, long Sequence)> _inFlight = new();
    private readonly SeededRandomSource _random;
    private readonly byte[] _scratch = new byte[65536];
    private long _sequence;
    private int _stuckCount;

    public VirtualNetwork(ulong seed, MonoTime start = default)
    {
        _random = new SeededRandomSource(seed);
        Now = start;
    }

    /// <summary>The current virtual time.</summary>
    public MonoTime Now { get; private set; }

    /// <summary>Conditions of every link without its own settings.</summary>
    public LinkConditions DefaultLink { get; set; } = LinkConditions.Clean;

    /// <summary>Counters of what happened to datagrams.</summary>
    public VirtualNetworkStats Stats { get; } = new();

    /// <summary>When true, every delivery is appended to <see cref="Trace"/>.</summary>
    public bool TraceEnabled { get; set; }

    /// <summary>The deliveries, in order, when <see cref="TraceEnabled"/> is set.</summary>
    public List<TraceEntry> Trace { get; } = [];

    /// <summary>
    /// Sees every datagram as it is sent, before link conditions apply: may change its bytes or
    /// addresses (forgery, tampering) and returns false to drop it.
    /// </summary>
    public Func<InFlightDatagram, bool>? Filter { get; set; }

    /// <summary>The nodes, in the order they were added.</summary>
    public IReadOnlyList<VirtualNode> Nodes => _nodes;

    /// <summary>Adds an engine whose events nobody reads (they are still drained).</summary>
    public VirtualNode Add(ISansIoEngine engine, params PeerAddress[] addresses) => AddNode(engine, null, addresses);

    /// <summary>Adds an engine; <paramref name="onEvent"/> receives its events as they are drained.</summary>
    public VirtualNode Add<TEvent>(ISansIoEngine<TEvent> engine, Action<TEvent>? onEvent, params PeerAddress[] addresses)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Func<bool> drain = () =>
        {
            if (!engine.TryPollEvent(out TEvent e))
            {
                return false;
            }

            onEvent?.Invoke(e);
            return true;
        };
        return AddNode(engine, drain, addresses);
    }

    /// <summary>Gives <paramref name="node"/> another address (another host candidate, a relay address).</summary>
    public void AddAddress(VirtualNode node, PeerAddress address)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (!_byAddress.TryAdd(address, node))
        {
            throw new InvalidOperationException($"Address {address} is already taken.");
        }

        node.AddressList.Add(address);
    }

    /// <summary>Sets the conditions of the one-way link from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public void SetLink(VirtualNode from, VirtualNode to, LinkConditions conditions) => _links[(from, to)] = conditions;

    /// <summary>Sets the same conditions both ways between two nodes.</summary>
    public void SetLinkBothWays(VirtualNode a, VirtualNode b, LinkConditions conditions)
    {
        SetLink(a, b, conditions);
        SetLink(b, a, conditions);
    }

    /// <summary>The conditions in force from one node to another.</summary>
    public LinkConditions GetLink(VirtualNode from, VirtualNode to) =>
        _links.TryGetValue((from, to), out LinkConditions? c) ? c : DefaultLink;

    /// <summary>
    /// A one-to-one NAT (endpoint-independent mapping and filtering): datagrams from
    /// <paramref name="inside"/> appear to come from <paramref name="outside"/>, and datagrams to
    /// <paramref name="outside"/> reach <paramref name="inside"/>. Server-reflexive and
    /// peer-reflexive scenarios use it.
    /// </summary>
    public void AddNatMapping(PeerAddress inside, PeerAddress outside)
    {
        _natOutsideByInside[inside] = outside;
        _natInsideByOutside[outside] = inside;
    }

    /// <summary>Sends raw bytes as if from <paramref name="from"/> (an attacker, a stray packet).</summary>
    public void Inject(PeerAddress from, PeerAddress to, ReadOnlySpan<byte> data, TimeSpan? delay = null, TransportProtocol protocol = TransportProtocol.Udp)
    {
        Stats.Sent++;
        Schedule(data.ToArray(), from, to, protocol, Now + (delay ?? TimeSpan.Zero));
    }

    /// <summary>
    /// Drains every node's transmits and events until none has anything left. Call it after
    /// changing an engine from the test (an API call), as a host would.
    /// </summary>
    public void Poll()
    {
        bool any = true;
        while (any)
        {
            any = false;
            foreach (VirtualNode node in _nodes)
            {
                any |= Drain(node);
            }
        }
    }

    /// <summary>
    /// Advances to the earliest pending delivery or timer and handles it. Returns false when
    /// nothing is pending anywhere (every timer is <see cref="MonoTime.Never"/> and nothing is in flight).
    /// </summary>
    public bool Step(MonoTime? limit = null)
    {
        Poll();
        MonoTime nextDelivery = _inFlight.TryPeek(out _, out (long Ticks, long Sequence) key) ? MonoTime.FromTicks(key.Ticks) : MonoTime.Never;
        MonoTime nextTimer = MonoTime.Never;
        foreach (VirtualNode node in _nodes)
        {
            nextTimer = MonoTime.Min(nextTimer, node.Engine.PollTimeout());
        }

        MonoTime next = MonoTime.Min(nextDelivery, nextTimer);
        if (next.IsNever || (limit is { } l && next > l))
        {
            return false;
        }

        if (next > Now)
        {
            Now = next;
            _stuckCount = 0;
        }

        if (nextDelivery <= nextTimer)
        {
            Pending pending = _inFlight.Dequeue();
            Deliver(pending);
        }
        else
        {
            if (++_stuckCount > StuckTimerLimit)
            {
                throw new InvalidOperationException(
                    $"An engine keeps asking for a timeout at or before {Now} without moving it on: a timer bug.");
            }

            foreach (VirtualNode node in _nodes)
            {
                if (node.Engine.PollTimeout() <= Now)
                {
                    node.Engine.HandleTimeout(Now);
                    Drain(node);
                }
            }
        }

        Poll();
        return true;
    }

    /// <summary>
    /// Runs until <paramref name="condition"/> holds (checked after every step) or
    /// <paramref name="timeout"/> of virtual time has passed. Returns whether the condition held.
    /// </summary>
    public bool RunUntil(Func<bool> condition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        MonoTime deadline = Now + timeout;
        Poll();
        while (!condition())
        {
            if (!Step(deadline))
            {
                Now = MonoTime.Max(Now, deadline);
                return condition();
            }
        }

        return true;
    }

    /// <summary>Runs for <paramref name="duration"/> of virtual time, then stops with the clock exactly there.</summary>
    public void RunFor(TimeSpan duration)
    {
        MonoTime deadline = Now + duration;
        while (Step(deadline))
        {
        }

        Now = MonoTime.Max(Now, deadline);
    }

    private VirtualNode AddNode(ISansIoEngine engine, Func<bool>? drainEvent, PeerAddress[] addresses)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (addresses.Length == 0)
        {
            throw new ArgumentException("A node needs at least one address.", nameof(addresses));
        }

        var node = new VirtualNode(this, engine, drainEvent);
        _nodes.Add(node);
        foreach (PeerAddress address in addresses)
        {
            AddAddress(node, address);
        }

        return node;
    }

    private bool Drain(VirtualNode node)
    {
        bool any = false;
        bool progress = true;
        while (progress)
        {
            progress = false;
            while (node.Engine.TryPollTransmit(_scratch, out TransmitInfo transmit))
            {
                progress = true;
                Send(node, _scratch.AsSpan(0, transmit.Length), transmit);
            }

            while (node.DrainEvent?.Invoke() == true)
            {
                progress = true;
            }

            any |= progress;
        }

        return any;
    }

    private void Send(VirtualNode node, ReadOnlySpan<byte> data, TransmitInfo transmit)
    {
        Stats.Sent++;
        PeerAddress from = transmit.Source.IsNone ? node.Address : transmit.Source;
        PeerAddress to = transmit.Destination.IsNone ? node.DefaultPeer : transmit.Destination;
        if (_natOutsideByInside.TryGetValue(from, out PeerAddress outside))
        {
            from = outside;
        }

        var datagram = new InFlightDatagram(data.ToArray(), from, to, transmit.Protocol);
        if (Filter is not null && !Filter(datagram))
        {
            Stats.DroppedByFilter++;
            return;
        }

        VirtualNode? target = Resolve(datagram.To);
        if (target is null)
        {
            Stats.Undeliverable++;
            return;
        }

        LinkConditions link = GetLink(node, target);
        if (link.Down || Chance(link.Loss))
        {
            Stats.Lost++;
            return;
        }

        if (datagram.Data.Length > link.Mtu)
        {
            Stats.DroppedOverMtu++;
            return;
        }

        int copies = Chance(link.Duplication) ? 2 : 1;
        if (copies == 2)
        {
            Stats.Duplicated++;
        }

        for (int i = 0; i < copies; i++)
        {
            TimeSpan delay = link.Delay;
            if (link.Jitter > TimeSpan.Zero)
            {
                delay += TimeSpan.FromTicks((long)(link.Jitter.Ticks * _random.NextDouble()));
            }

            if (Chance(link.Reorder))
            {
                Stats.Reordered++;
                delay += link.ReorderDelay;
            }

            Schedule(datagram.Data, datagram.From, datagram.To, datagram.Protocol, Now + delay);
        }
    }

    private void Schedule(byte[] data, PeerAddress from, PeerAddress to, TransportProtocol protocol, MonoTime at) =>
        _inFlight.Enqueue(new Pending(data, from, to, protocol), (at.Ticks, _sequence++));

    private void Deliver(Pending pending)
    {
        VirtualNode? target = Resolve(pending.To);
        if (target is null)
        {
            Stats.Undeliverable++;
            return;
        }

        PeerAddress local = _natInsideByOutside.TryGetValue(pending.To, out PeerAddress inside) ? inside : pending.To;
        Stats.Delivered++;
        if (TraceEnabled)
        {
            Trace.Add(new TraceEntry(Now.Ticks, pending.From, pending.To, pending.Data.Length, Crc32Checksum.Compute(pending.Data)));
        }

        // Each delivery gets its own copy: engines may work on the bytes in place.
        byte[] copy = (byte[])pending.Data.Clone();
        var datagram = new ReceivedDatagram(copy, local, pending.From, pending.Protocol);
        target.Engine.HandleDatagram(Now, in datagram);
        target.Received++;
        Drain(target);
    }

    private VirtualNode? Resolve(PeerAddress to)
    {
        if (_natInsideByOutside.TryGetValue(to, out PeerAddress inside))
        {
            to = inside;
        }

        return _byAddress.GetValueOrDefault(to);
    }

    private bool Chance(double probability) => probability > 0 && _random.NextDouble() < probability;

    private sealed record Pending(byte[] Data, PeerAddress From, PeerAddress To, TransportProtocol Protocol);
}

/// <summary>An engine attached to a <see cref="VirtualNetwork"/>.</summary>
[DebuggerDisplay("{Address}")]
public sealed class VirtualNode
{
    internal VirtualNode(VirtualNetwork network, ISansIoEngine engine, Func<bool>? drainEvent)
    {
        Network = network;
        Engine = engine;
        DrainEvent = drainEvent;
    }

    public VirtualNetwork Network { get; }

    public ISansIoEngine Engine { get; }

    /// <summary>The node's first address: the source of transmits that name none.</summary>
    public PeerAddress Address => AddressList[0];

    /// <summary>All the node's addresses.</summary>
    public IReadOnlyList<PeerAddress> Addresses => AddressList;

    /// <summary>Where transmits that name no destination go (engines with one peer, such as DTLS alone).</summary>
    public PeerAddress DefaultPeer { get; set; }

    /// <summary>Datagrams delivered to this node.</summary>
    public long Received { get; internal set; }

    internal List<PeerAddress> AddressList { get; } = [];

    internal Func<bool>? DrainEvent { get; }
}
