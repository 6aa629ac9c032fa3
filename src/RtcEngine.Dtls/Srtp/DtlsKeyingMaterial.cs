using System.Security.Cryptography;

namespace RtcEngine.Dtls;

/// <summary>
/// The SRTP master keys and salts a DTLS-SRTP handshake yields (RFC 5764 section 4.2): the RFC 5705
/// exporter with label "EXTRACTOR-dtls_srtp", no context, 2 * (key + salt) bytes, split as
/// client key | server key | client salt | server salt.
/// </summary>
/// <remarks>
/// The client's key protects what the DTLS client sends, the server's what the server sends:
/// <see cref="LocalMasterKey"/> and <see cref="RemoteMasterKey"/> pick by <see cref="LocalRole"/>.
/// Immutable until <see cref="Dispose"/>, which wipes the bytes; thread-safe to read.
/// </remarks>
public sealed class DtlsKeyingMaterial : IDisposable
{
    private readonly byte[] _material;
    private readonly int _keyLength;
    private readonly int _saltLength;

    /// <summary>Splits exported keying material for a profile.</summary>
    /// <param name="profile">The negotiated SRTP profile.</param>
    /// <param name="localRole">This endpoint's DTLS role.</param>
    /// <param name="exported">The exporter output: 2 * (key + salt) bytes.</param>
    public DtlsKeyingMaterial(SrtpProtectionProfile profile, DtlsRole localRole, ReadOnlySpan<byte> exported)
    {
        _keyLength = SrtpProtectionProfiles.MasterKeyLength(profile);
        _saltLength = SrtpProtectionProfiles.MasterSaltLength(profile);
        if (exported.Length != 2 * (_keyLength + _saltLength))
        {
            throw new ArgumentException($"Keying material for {profile} is {2 * (_keyLength + _saltLength)} bytes.", nameof(exported));
        }

        Profile = profile;
        LocalRole = localRole;
        _material = exported.ToArray();
    }

    /// <summary>The SRTP profile the material is for.</summary>
    public SrtpProtectionProfile Profile { get; }

    /// <summary>This endpoint's DTLS role.</summary>
    public DtlsRole LocalRole { get; }

    /// <summary>The exporter output as one block (client key, server key, client salt, server salt).</summary>
    public ReadOnlySpan<byte> Exported => _material;

    /// <summary>client_write_SRTP_master_key.</summary>
    public ReadOnlySpan<byte> ClientWriteKey => _material.AsSpan(0, _keyLength);

    /// <summary>server_write_SRTP_master_key.</summary>
    public ReadOnlySpan<byte> ServerWriteKey => _material.AsSpan(_keyLength, _keyLength);

    /// <summary>client_write_SRTP_master_salt.</summary>
    public ReadOnlySpan<byte> ClientWriteSalt => _material.AsSpan(2 * _keyLength, _saltLength);

    /// <summary>server_write_SRTP_master_salt.</summary>
    public ReadOnlySpan<byte> ServerWriteSalt => _material.AsSpan(2 * _keyLength + _saltLength, _saltLength);

    /// <summary>The master key protecting what this endpoint sends.</summary>
    public ReadOnlySpan<byte> LocalMasterKey => LocalRole == DtlsRole.Client ? ClientWriteKey : ServerWriteKey;

    /// <summary>The master salt for what this endpoint sends.</summary>
    public ReadOnlySpan<byte> LocalMasterSalt => LocalRole == DtlsRole.Client ? ClientWriteSalt : ServerWriteSalt;

    /// <summary>The master key protecting what the peer sends.</summary>
    public ReadOnlySpan<byte> RemoteMasterKey => LocalRole == DtlsRole.Client ? ServerWriteKey : ClientWriteKey;

    /// <summary>The master salt for what the peer sends.</summary>
    public ReadOnlySpan<byte> RemoteMasterSalt => LocalRole == DtlsRole.Client ? ServerWriteSalt : ClientWriteSalt;

    /// <summary>Wipes the keys.</summary>
    public void Dispose() => CryptographicOperations.ZeroMemory(_material);
}
