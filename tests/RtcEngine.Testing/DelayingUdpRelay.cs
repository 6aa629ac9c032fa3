using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using RtcEngine.Primitives;

namespace RtcEngine.Testing;

/// <summary>
/// A UDP relay on loopback that delays every datagram by a fixed one-way delay, so round-trip
/// times between two real peers become measurable. One side faces the "near" peer (say a browser)
/// on <see cref="NearAddress"/>, the other faces the "far" peer on <see cref="FarAddress"/>; each peer
/// is told the relay's facing address as the other's candidate. Datagrams from the near peer go to
/// the far target; datagrams from the far target go back to the last near peer seen.
/// </summary>
/// <remarks>Test infrastructure (wall clock, one thread); it binds 127.0.0.1 port 0 and closes on dispose.</remarks>
public sealed class DelayingUdpRelay : IDisposable
{
    private readonly Socket _near = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket _far = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly EndPoint _farTarget;
    private readonly TimeSpan _delay;
    private readonly PriorityQueue<(byte[] Data, bool ToFar), long> _queue = new();
    private readonly Thread _thread;
    private volatile bool _stopping;
    private EndPoint? _nearPeer;

    public DelayingUdpRelay(PeerAddress farTarget, TimeSpan oneWayDelay)
    {
        _near.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _far.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _farTarget = farTarget.ToIPEndPoint();
        _delay = oneWayDelay;
        _thread = new Thread(Loop) { IsBackground = true, Name = "DelayingUdpRelay" };
        _thread.Start();
    }

    /// <summary>The address the near peer sends to (give it as the far peer's candidate).</summary>
    public PeerAddress NearAddress => PeerAddress.FromIPEndPoint((IPEndPoint)_near.LocalEndPoint!);

    /// <summary>The address the far peer sees datagrams come from (give it as the near peer's candidate).</summary>
    public PeerAddress FarAddress => PeerAddress.FromIPEndPoint((IPEndPoint)_far.LocalEndPoint!);

    /// <summary>Datagrams relayed.</summary>
    public long Relayed { get; private set; }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join(TimeSpan.FromSeconds(5));
        _near.Dispose();
        _far.Dispose();
    }

    /// <summary>Replaces every <c>a=candidate</c> line of an SDP with one host candidate at <paramref name="address"/>.</summary>
    public static string RewriteCandidates(string sdp, PeerAddress address)
    {
        var lines = sdp.Split("\r\n").ToList();
        int first = lines.FindIndex(l => l.StartsWith("a=candidate:", StringComparison.Ordinal));
        lines.RemoveAll(l => l.StartsWith("a=candidate:", StringComparison.Ordinal));
        if (first >= 0)
        {
            lines.Insert(first, $"a=candidate:1 1 udp 2122260223 {address.AddressToString()} {address.Port} typ host");
        }

        return string.Join("\r\n", lines);
    }

    private void Loop()
    {
        byte[] buffer = new byte[65536];
        var readable = new List<Socket>(2);
        while (!_stopping)
        {
            long now = Stopwatch.GetTimestamp();
            while (_queue.TryPeek(out (byte[] Data, bool ToFar) item, out long due) && due <= now)
            {
                _queue.Dequeue();
                try
                {
                    if (item.ToFar)
                    {
                        _far.SendTo(item.Data, _farTarget);
                    }
                    else if (_nearPeer is not null)
                    {
                        _near.SendTo(item.Data, _nearPeer);
                    }

                    Relayed++;
                }
                catch (SocketException)
                {
                    // a lost datagram, as on a real path
                }
            }

            long waitTicks = _queue.TryPeek(out _, out long next) ? next - Stopwatch.GetTimestamp() : Stopwatch.Frequency / 100;
            int waitMicros = (int)Math.Clamp(waitTicks * 1_000_000 / Stopwatch.Frequency, 0, 10_000);
            readable.Clear();
            readable.Add(_near);
            readable.Add(_far);
            Socket.Select(readable, null, null, waitMicros);
            foreach (Socket socket in readable)
            {
                while (socket.Available > 0)
                {
                    EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                    int length;
                    try
                    {
                        length = socket.ReceiveFrom(buffer, ref from);
                    }
                    catch (SocketException)
                    {
                        break;
                    }

                    // Replies follow the near peer that sends media (first byte above STUN's 0..3); a
                    // peer with several local addresses checks from all of them, and replies must
                    // not follow the checks of a socket it does not use for media.
                    bool toFar = socket == _near;
                    if (toFar && (_nearPeer is null || (length > 0 && buffer[0] > 3)))
                    {
                        _nearPeer = from;
                    }

                    long due = Stopwatch.GetTimestamp() + (long)(_delay.TotalSeconds * Stopwatch.Frequency);
                    _queue.Enqueue((buffer.AsSpan(0, length).ToArray(), toFar), due);
                }
            }
        }
    }
}
