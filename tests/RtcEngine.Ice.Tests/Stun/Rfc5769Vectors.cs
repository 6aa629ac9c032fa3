namespace RtcEngine.Ice.Tests.Stun;

/// <summary>The test vectors of RFC 5769 (section 2), byte for byte.</summary>
internal static class Rfc5769Vectors
{
    public const string ShortTermPassword = "VOkJxbRl1RmTxUk/WvJxBt";

    public static readonly byte[] TransactionId = Convert.FromHexString("b7e7a701bc34d686fa87dfae");

    // 2.1 Sample Request
    public static readonly byte[] Request = Convert.FromHexString(
        "000100582112a442b7e7a701bc34d686fa87dfae" +
        "80220010" + "5354554e207465737420636c69656e74" +
        "00240004" + "6e0001ff" +
        "80290008" + "932ff9b151263b36" +
        "00060009" + "6576746a3a68367659202020" +
        "00080014" + "9aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2" +
        "80280004" + "e57a3bcf");

    // 2.2 Sample IPv4 Response
    public static readonly byte[] ResponseIPv4 = Convert.FromHexString(
        "0101003c2112a442b7e7a701bc34d686fa87dfae" +
        "8022000b" + "7465737420766563746f7220" +
        "00200008" + "0001a147e112a643" +
        "00080014" + "2b91f599fd9e90c38c7489f92af9ba53f06be7d7" +
        "80280004" + "c07d4c96");

    // 2.3 Sample IPv6 Response
    public static readonly byte[] ResponseIPv6 = Convert.FromHexString(
        "010100482112a442b7e7a701bc34d686fa87dfae" +
        "8022000b" + "7465737420766563746f7220" +
        "00200014" + "0002a1470113a9faa5d3f179bc25f4b5bed2b9d9" +
        "00080014" + "a382954e4be67bf11784c97c8292c275bfe3ed41" +
        "80280004" + "c8fb0b4c");

    // 2.4 Sample Request with Long-Term Authentication
    public static readonly byte[] LongTermTransactionId = Convert.FromHexString("78ad3433c6ad72c029da412e");

    public static readonly byte[] LongTermRequest = Convert.FromHexString(
        "000100602112a44278ad3433c6ad72c029da412e" +
        "00060012" + "e3839ee38388e383aae38383e382afe382b90000" +
        "0015001c" + "662f2f3439396b39353464364f4c33346f4c39465354767936347341" +
        "0014000b" + "6578616d706c652e6f726700" +
        "00080014" + "f67024656dd64a3e02b8e0712e85c9a28ca89666");

    public const string LongTermUsername = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";
    public const string LongTermPassword = "The\u00ADM\u00AAtr\u2168";
    public const string LongTermRealm = "example.org";
    public const string LongTermNonce = "f//499k954d6OL34oL9FSTvy64sA";
}
