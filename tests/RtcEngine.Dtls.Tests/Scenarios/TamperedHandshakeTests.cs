using RtcEngine.Dtls;
using RtcEngine.Testing;

namespace RtcEngine.Dtls.Tests.Scenarios;

/// <summary>A Finished that does not verify fails the handshake; protected records changed on the wire are dropped as bad MAC.</summary>
public class TamperedHandshakeTests
{
    [Fact]
    public void A_client_finished_with_wrong_verify_data_fails_the_server_with_decrypt_error()
    {
        var pair = new DtlsPair(seed: 12);
        pair.Client.CorruptFinishedForTesting = true;

        pair.RunHandshake();
        pair.Network.RunFor(TimeSpan.FromMilliseconds(100));

        DtlsFailed failed = DtlsPair.Single<DtlsFailed>(pair.ServerEvents);
        Assert.Equal(DtlsFailureReason.VerificationFailed, failed.Reason);
        Assert.Equal(DtlsAlertDescription.DecryptError, failed.Alert);
        Assert.Equal(DtlsFailureReason.FatalAlertReceived, DtlsPair.Single<DtlsFailed>(pair.ClientEvents).Reason);
        Assert.Empty(pair.ServerEvents.OfType<DtlsConnected>());
    }

    [Fact]
    public void A_server_finished_with_wrong_verify_data_fails_the_client()
    {
        var pair = new DtlsPair(seed: 13);
        pair.Server.CorruptFinishedForTesting = true;

        pair.RunHandshake();

        Assert.Equal(DtlsFailureReason.VerificationFailed, DtlsPair.Single<DtlsFailed>(pair.ClientEvents).Reason);
        Assert.Empty(pair.ClientEvents.OfType<DtlsConnected>());
    }

    [Fact]
    public void A_changed_server_key_exchange_signature_fails_verification()
    {
        var pair = new DtlsPair(seed: 14, server: o => o.With(cookies: false));
        pair.Network.Filter = d =>
        {
            // The ServerKeyExchange is the third message of the server's flight: flip the last byte of its signature.
            if (d.From == DtlsPair.ServerAddress && d.Data.Length > 400 && d.Data[0] == 22)
            {
                foreach (WireInspector.Fragment f in WireInspector.HandshakeFragments([d.Data]))
                {
                    if (f.Type == 12)
                    {
                        int at = d.Data.AsSpan().IndexOf(f.Body) + f.Body.Length - 1;
                        d.Data[at] ^= 0x01;
                    }
                }
            }

            return true;
        };

        pair.RunHandshake();

        Assert.Equal(DtlsFailureReason.VerificationFailed, DtlsPair.Single<DtlsFailed>(pair.ClientEvents).Reason);
    }

    [Fact]
    public void Records_with_a_bad_mac_are_dropped_and_counted_and_the_connection_lives_on()
    {
        var pair = new DtlsPair(seed: 15);
        pair.RunHandshake();
        Assert.True(pair.BothConnected);
        int tampered = 0;
        pair.Network.Filter = d =>
        {
            if (d.Data[0] == 23 && tampered < 3)
            {
                d.Data[^1] ^= 0x80; // inside the tag
                tampered++;
            }

            return true;
        };

        for (int i = 0; i < 5; i++)
        {
            pair.Client.SendApplicationData([(byte)i]);
        }

        pair.Network.RunFor(TimeSpan.FromMilliseconds(50));

        Assert.Equal(3, pair.Server.Counters[DtlsDropReason.BadRecordMac]);
        Assert.Equal(new byte[] { 3, 4 }, pair.ServerEvents.OfType<DtlsApplicationData>().Select(d => d.Data.Span[0]).ToArray());
        Assert.Equal(DtlsState.Connected, pair.Server.State);
    }

    [Fact]
    public void Replayed_records_are_dropped()
    {
        var pair = new DtlsPair(seed: 16);
        pair.RunHandshake();
        byte[]? captured = null;
        pair.Network.Filter = d =>
        {
            if (d.Data[0] == 23)
            {
                captured ??= (byte[])d.Data.Clone();
            }

            return true;
        };
        pair.Client.SendApplicationData("once"u8);
        pair.Network.RunFor(TimeSpan.FromMilliseconds(20));

        pair.Network.Inject(DtlsPair.ClientAddress, DtlsPair.ServerAddress, captured);
        pair.Network.Inject(DtlsPair.ClientAddress, DtlsPair.ServerAddress, captured);
        pair.Network.RunFor(TimeSpan.FromMilliseconds(20));

        Assert.Single(pair.ServerEvents.OfType<DtlsApplicationData>());
        Assert.Equal(2, pair.Server.Counters[DtlsDropReason.Replayed]);
    }
}
