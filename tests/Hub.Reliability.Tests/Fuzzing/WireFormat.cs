namespace Hub.Reliability.Tests.Fuzzing;

/// <summary>Protobuf's wire encoding by hand, for bytes no serializer would write.</summary>
public static class WireFormat
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int StartGroup = 3;
    public const int EndGroup = 4;
    public const int Fixed32 = 5;

    public static byte[] Varint64(ulong value)
    {
        var bytes = new List<byte>(10);
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }

    public static byte[] Tag(int fieldNumber, int wireType) => Varint64(((ulong)(uint)fieldNumber << 3) | (uint)wireType);

    public static byte[] LengthDelimitedField(int fieldNumber, ReadOnlySpan<byte> payload) =>
        [.. Tag(fieldNumber, LengthDelimited), .. Varint64((ulong)payload.Length), .. payload];
}
