using RtcEngine.Dtls;

namespace RtcEngine.Dtls.Tests.Scenarios;

/// <summary>Every suite, group and SRTP profile between two of our endpoints, with application data both ways.</summary>
public class AllSuitesTests
{
    public static TheoryData<DtlsCipherSuite, DtlsNamedGroup, SrtpProtectionProfile> Combinations()
    {
        var data = new TheoryData<DtlsCipherSuite, DtlsNamedGroup, SrtpProtectionProfile>();
        SrtpProtectionProfile[] profiles = [.. DtlsEndpointOptions.DefaultSrtpProfiles];
        int i = 0;
        foreach (DtlsCipherSuite suite in DtlsEndpointOptions.DefaultCipherSuites)
        {
            foreach (DtlsNamedGroup group in new[] { DtlsNamedGroup.X25519, DtlsNamedGroup.Secp256r1 })
            {
                data.Add(suite, group, profiles[i++ % profiles.Length]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Suite_group_and_profile_negotiate_and_carry_data(DtlsCipherSuite suite, DtlsNamedGroup group, SrtpProtectionProfile profile)
    {
        bool rsa = suite.ToString().Contains("Rsa", StringComparison.Ordinal);
        var pair = new DtlsPair(
            seed: (ulong)suite + (ulong)group,
            client: o => o.With(suites: [suite], groups: [group], srtp: [profile], fingerprints: rsa ? [TestCertificates.Rsa.GetFingerprint()] : null),
            server: o => o.With(certificate: rsa ? TestCertificates.Rsa : null));

        pair.RunHandshake();

        Assert.True(pair.BothConnected, string.Join("; ", pair.ClientEvents.Concat(pair.ServerEvents)));
        DtlsConnected connected = DtlsPair.Single<DtlsConnected>(pair.ClientEvents);
        Assert.Equal((suite, group, profile), (connected.CipherSuite, connected.NamedGroup, connected.SrtpProfile));
        int expectedLength = 2 * (SrtpProtectionProfiles.MasterKeyLength(profile) + SrtpProtectionProfiles.MasterSaltLength(profile));
        Assert.Equal(expectedLength, connected.KeyingMaterial!.Exported.Length);
        Assert.Equal(connected.KeyingMaterial.Exported.ToArray(), DtlsPair.Single<DtlsConnected>(pair.ServerEvents).KeyingMaterial!.Exported.ToArray());

        byte[] big = Enumerable.Range(0, pair.Client.MaxApplicationDataLength).Select(x => (byte)x).ToArray();
        pair.Client.SendApplicationData(big);
        pair.Server.SendApplicationData("pong"u8);
        pair.Network.RunFor(TimeSpan.FromMilliseconds(50));
        Assert.Equal(big, DtlsPair.Single<DtlsApplicationData>(pair.ServerEvents).Data.ToArray());
        Assert.Equal("pong"u8.ToArray(), DtlsPair.Single<DtlsApplicationData>(pair.ClientEvents).Data.ToArray());
    }
}
