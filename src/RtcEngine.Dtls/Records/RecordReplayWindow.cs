namespace RtcEngine.Dtls;

/// <summary>
/// The anti-replay sliding window of RFC 6347 section 4.1.2.6 (the RFC 4303 algorithm), 64 records
/// wide: a record older than the window or already seen is rejected. Check before opening the
/// record, mark after it authenticated, so forged records cannot move the window.
/// </summary>
/// <remarks>Not thread-safe; owned by one endpoint.</remarks>
internal struct RecordReplayWindow
{
    private const int Width = 64;
    private ulong _highest;
    private ulong _bitmap; // bit i set: record (_highest - i) seen
    private bool _any;

    /// <summary>Whether a record with this sequence number may be new.</summary>
    public readonly bool MayAccept(ulong sequenceNumber)
    {
        if (!_any || sequenceNumber > _highest)
        {
            return true;
        }

        ulong age = _highest - sequenceNumber;
        return age < Width && (_bitmap & (1UL << (int)age)) == 0;
    }

    /// <summary>Marks an authenticated record as seen.</summary>
    public void Mark(ulong sequenceNumber)
    {
        if (!_any)
        {
            _any = true;
            _highest = sequenceNumber;
            _bitmap = 1;
            return;
        }

        if (sequenceNumber > _highest)
        {
            ulong shift = sequenceNumber - _highest;
            _bitmap = shift >= Width ? 1 : (_bitmap << (int)shift) | 1;
            _highest = sequenceNumber;
            return;
        }

        ulong age = _highest - sequenceNumber;
        if (age < Width)
        {
            _bitmap |= 1UL << (int)age;
        }
    }
}
