using RtcEngine.Sdp.Text;

namespace RtcEngine.Sdp;

/// <summary>One rid in an <c>a=simulcast</c> list, possibly paused (<c>~</c> prefix).</summary>
/// <param name="Id">The rid.</param>
/// <param name="Paused">Whether the stream is proposed paused.</param>
public readonly record struct SimulcastRid(string Id, bool Paused = false);

/// <summary>
/// The simulcast streams of an m-line (RFC 8853 section 5.1):
/// <code>
/// a=simulcast:&lt;send|recv&gt; SP &lt;list&gt; [SP &lt;recv|send&gt; SP &lt;list&gt;]
///   list = alternatives *(";" alternatives); alternatives = ["~"]rid *("," ["~"]rid)
///   for example: a=simulcast:send f;h;q    a=simulcast:recv f;h;q    a=simulcast:send 1,2;3 recv 4
/// </code>
/// Each entry of <see cref="Send"/> or <see cref="Receive"/> is one simulcast stream, given as its
/// alternative rids in preference order (usually just one). Immutable.
/// </summary>
public sealed class SimulcastAttribute : SdpAttribute
{
    private readonly SimulcastRid[][] _send;
    private readonly SimulcastRid[][] _receive;

    /// <summary>An attribute built in code, one rid per stream.</summary>
    public SimulcastAttribute(IEnumerable<string> sendRids, IEnumerable<string> receiveRids)
        : this(ToStreams(sendRids), ToStreams(receiveRids))
    {
    }

    /// <summary>An attribute built in code, with alternatives and paused flags.</summary>
    public SimulcastAttribute(IEnumerable<IEnumerable<SimulcastRid>> send, IEnumerable<IEnumerable<SimulcastRid>> receive)
        : base(SdpAttributeKind.Simulcast)
    {
        ArgumentNullException.ThrowIfNull(send);
        ArgumentNullException.ThrowIfNull(receive);
        _send = send.Select(s => s.ToArray()).ToArray();
        _receive = receive.Select(s => s.ToArray()).ToArray();
        if (_send.Length == 0 && _receive.Length == 0)
        {
            throw new ArgumentException("a=simulcast needs at least one send or receive stream.", nameof(send));
        }

        foreach (SimulcastRid rid in _send.Concat(_receive).SelectMany(s => s.Length == 0 ? throw new ArgumentException("A simulcast stream needs at least one rid.", nameof(send)) : s))
        {
            if (!RidAttribute.IsValidId(rid.Id))
            {
                throw new ArgumentException($"'{rid.Id}' is not a valid rid.", nameof(send));
            }
        }
    }

    private SimulcastAttribute(ReadOnlyMemory<char> source, SimulcastRid[][] send, SimulcastRid[][] receive)
        : base(SdpAttributeNames.Simulcast, SdpAttributeKind.Simulcast, true, source)
    {
        _send = send;
        _receive = receive;
    }

    /// <summary>The streams the author sends (each: its alternative rids).</summary>
    public IReadOnlyList<IReadOnlyList<SimulcastRid>> Send => _send;

    /// <summary>The streams the author receives (each: its alternative rids).</summary>
    public IReadOnlyList<IReadOnlyList<SimulcastRid>> Receive => _receive;

    /// <summary>The same streams seen from the other side: send becomes receive and the reverse (what an answer echoes).</summary>
    public SimulcastAttribute Reversed() => new(_receive, _send);

    private protected override void FormatValue(ref SdpTextWriter writer)
    {
        bool any = false;
        if (_send.Length > 0)
        {
            writer.Append("send ");
            WriteList(ref writer, _send);
            any = true;
        }

        if (_receive.Length > 0)
        {
            writer.Append(any ? " recv " : "recv ");
            WriteList(ref writer, _receive);
        }
    }

    private static void WriteList(ref SdpTextWriter writer, SimulcastRid[][] streams)
    {
        for (int i = 0; i < streams.Length; i++)
        {
            if (i > 0)
            {
                writer.Append(';');
            }

            for (int j = 0; j < streams[i].Length; j++)
            {
                if (j > 0)
                {
                    writer.Append(',');
                }

                if (streams[i][j].Paused)
                {
                    writer.Append('~');
                }

                writer.Append(streams[i][j].Id);
            }
        }
    }

    private static IEnumerable<IEnumerable<SimulcastRid>> ToStreams(IEnumerable<string> rids)
    {
        ArgumentNullException.ThrowIfNull(rids);
        return rids.Select(r => (IEnumerable<SimulcastRid>)[new SimulcastRid(r)]).ToArray();
    }

    internal static bool TryParse(ReadOnlyMemory<char> value, ref SdpValueError error, out SdpAttribute? attribute)
    {
        attribute = null;
        var reader = new SdpValueReader(value.Span);
        SimulcastRid[][]? send = null;
        SimulcastRid[][]? receive = null;
        for (int part = 0; part < 2 && !reader.AtEnd; part++)
        {
            reader.TryReadToken(out ReadOnlySpan<char> direction, out int at);
            bool isSend = direction is "send";
            if ((!isSend && direction is not "recv") || (isSend ? send : receive) is not null)
            {
                return error.Fail(at, "a=simulcast expects 'send <list>' and/or 'recv <list>'");
            }

            if (!reader.TryReadToken(out ReadOnlySpan<char> list, out at))
            {
                return error.Fail(at, "a=simulcast needs a rid list after send/recv");
            }

            if (!TryParseList(list, at, ref error, out SimulcastRid[][] streams))
            {
                return false;
            }

            if (isSend)
            {
                send = streams;
            }
            else
            {
                receive = streams;
            }
        }

        if (send is null && receive is null)
        {
            return error.Fail(0, "a=simulcast needs 'send <list>' or 'recv <list>'");
        }

        if (!reader.AtEnd)
        {
            reader.SkipSpaces();
            return error.Fail(reader.Position, "a=simulcast has extra text after the lists");
        }

        attribute = new SimulcastAttribute(value, send ?? [], receive ?? []);
        return true;
    }

    private static bool TryParseList(ReadOnlySpan<char> list, int offset, ref SdpValueError error, out SimulcastRid[][] streams)
    {
        streams = new SimulcastRid[list.Count(';') + 1][];
        int index = 0;
        foreach (Range streamRange in list.Split(';'))
        {
            ReadOnlySpan<char> stream = list[streamRange];
            var alternatives = new SimulcastRid[stream.Count(',') + 1];
            int alternative = 0;
            foreach (Range ridRange in stream.Split(','))
            {
                ReadOnlySpan<char> rid = stream[ridRange];
                bool paused = rid.StartsWith('~');
                if (paused)
                {
                    rid = rid[1..];
                }

                if (!RidAttribute.IsValidId(rid))
                {
                    return error.Fail(offset + streamRange.Start.GetOffset(list.Length) + ridRange.Start.GetOffset(stream.Length),
                        "a=simulcast rid must be letters, digits, '-' or '_'");
                }

                alternatives[alternative++] = new SimulcastRid(SdpStrings.Get(rid), paused);
            }

            streams[index++] = alternatives;
        }

        return true;
    }
}
