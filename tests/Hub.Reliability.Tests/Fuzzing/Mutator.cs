using System.Collections;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Hub.Testing;

namespace Hub.Reliability.Tests.Fuzzing;

/// <summary>
/// Turns a seed request into a hostile one: in the message (NUL and other odd characters, huge
/// strings, undefined enum numbers, extreme numbers and timestamps), in its bytes (flipped bits,
/// truncation, length prefixes near 2^31, groups nested thousands deep, wrong wire types), and in
/// its gRPC frame (bad flags, lengths that lie, missing or extra messages, compression that isn't).
/// The same seed of its Random gives the same mutants.
/// </summary>
public sealed class Mutator(Random random)
{
    /// <summary>Every kind of mutation, applied round-robin so each RPC gets every kind.</summary>
    public static readonly IReadOnlyList<string> Kinds =
    [
        "as-seeded", "nul", "control-characters", "long-string", "undefined-enum", "extreme-integer", "extreme-timestamp",
        "many-repeated", "field-cleared", "bit-flip", "truncated", "garbage-inserted", "huge-length-prefix", "deep-nesting",
        "wrong-wire-type", "invalid-utf8", "random-bytes", "compressed-flag-without-encoding", "invalid-compressed-flag",
        "frame-longer-than-body", "bytes-after-frame", "two-messages", "no-message", "declares-5-mib", "gzip-garbage",
        "unknown-encoding", "odd-timeout",
    ];

    /// <summary>A field number no hub message uses, for unknown fields.</summary>
    private const int UnknownField = 1999;

    private static readonly string[] OddCharacters =
        ["\0", "\u0001", "\u001b", "\u007f", "\u0085", "\u2028", "\u202e", "\ufeff", "\uffff", "\ufffd", "😀", "e\u0301", "\t\r\n", "'; --", "%00", "\\0"];

    private static readonly ulong[] HugeLengths =
        [0x7FFF_FFFF, 0x7FFF_FFFE, 0x7FFF_FFF0, 0x7FFF_FF00, 0x8000_0000, 0xFFFF_FFFF, 0xFFFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000];

    private static readonly string[] Timeouts =
        ["1n", "1u", "1m", "99999999H", "99999999n", "0S", "", "S", "123456789S", "1x", "-1S", "1.5S", " 1S", "+5S", "9223372036854775807n"];

    public Mutant Mutate(string kind, IMessage seed) => kind switch
    {
        "as-seeded" => Framed(kind, seed.ToByteArray()),
        "nul" => Framed(kind, WithString(seed, text => Insert(text, "\0"))),
        "control-characters" => Framed(kind, WithString(seed, text => Insert(text, OddCharacters[random.Next(OddCharacters.Length)]))),
        "long-string" => Framed(kind, WithString(seed, _ => new string((char)random.Next('a', 'z' + 1), random.Next(10_000, 400_000)))),
        "undefined-enum" => Framed(kind, WithScalar(seed, FieldType.Enum, field => SeedRequests.EnumValue(field.EnumType, Pick([-1, 42, 9999, int.MaxValue, int.MinValue])))),
        "extreme-integer" => Framed(kind, WithExtremeInteger(seed)),
        "extreme-timestamp" => Framed(kind, WithExtremeTimestamp(seed)),
        "many-repeated" => Framed(kind, WithManyRepeated(seed)),
        "field-cleared" => Framed(kind, WithFieldCleared(seed)),
        "bit-flip" => Framed(kind, BitFlipped(seed.ToByteArray())),
        "truncated" => Framed(kind, Truncated(seed.ToByteArray())),
        "garbage-inserted" => Framed(kind, GarbageInserted(seed.ToByteArray())),
        "huge-length-prefix" => Framed(kind, HugeLengthPrefix(seed)),
        "deep-nesting" => Framed(kind, DeeplyNested(seed)),
        "wrong-wire-type" => Framed(kind, WrongWireType(seed)),
        "invalid-utf8" => Framed(kind, InvalidUtf8(seed)),
        "random-bytes" => Framed(kind, RandomBytes(random.Next(1, 512))),
        "compressed-flag-without-encoding" => new(kind, WireClient.Frame(seed.ToByteArray(), flag: 1), []),
        "invalid-compressed-flag" => new(kind, WireClient.Frame(seed.ToByteArray(), flag: (byte)random.Next(2, 256)), []),
        "frame-longer-than-body" => new(kind, FrameClaiming(seed.ToByteArray(), extra: random.Next(1, 1000)), []),
        "bytes-after-frame" => new(kind, [.. WireClient.Frame(seed.ToByteArray()), .. RandomBytes(random.Next(1, 10))], []),
        "two-messages" => new(kind, [.. WireClient.Frame(seed.ToByteArray()), .. WireClient.Frame(seed.ToByteArray())], []),
        "no-message" => new(kind, [], []),
        "declares-5-mib" => new(kind, FrameClaiming(RandomBytes(16), extra: 5 * 1024 * 1024), []),
        "gzip-garbage" => new(kind, WireClient.Frame(RandomBytes(random.Next(1, 200)), flag: 1), [new("grpc-encoding", "gzip")]),
        "unknown-encoding" => new(kind, WireClient.Frame(seed.ToByteArray(), flag: 1), [new("grpc-encoding", Pick(["br", "x-fuzz", "GZIP2", ""]))]),
        "odd-timeout" => new(kind, WireClient.Frame(seed.ToByteArray()), [new("grpc-timeout", Pick(Timeouts))]),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No such mutation."),
    };

    private static Mutant Framed(string kind, byte[] payload) => new(kind, WireClient.Frame(payload), []);

    /// <summary>Replaces one string in the message (a field, an element of a repeated one, nested or not); the seed's bytes if it has none.</summary>
    private byte[] WithString(IMessage seed, Func<string, string> change)
    {
        var copy = Copy(seed);
        var slots = FieldSlot.All(copy).Where(slot => slot.Field.FieldType == FieldType.String).ToList();
        if (slots.Count == 0)
        {
            // Nothing to change in the message itself: the string goes into an unknown field instead.
            return [.. copy.ToByteArray(), .. WireFormat.LengthDelimitedField(UnknownField, Encoding.UTF8.GetBytes(change("unknown")))];
        }

        var slot = slots[random.Next(slots.Count)];
        slot.Set(change((string)slot.Get()));
        return copy.ToByteArray();
    }

    private byte[] WithScalar(IMessage seed, FieldType type, Func<FieldDescriptor, object> value)
    {
        var copy = Copy(seed);
        var slots = FieldSlot.All(copy).Where(slot => slot.Field.FieldType == type).ToList();
        if (slots.Count > 0)
        {
            var slot = slots[random.Next(slots.Count)];
            slot.Set(value(slot.Field));
        }

        return copy.ToByteArray();
    }

    private byte[] WithExtremeInteger(IMessage seed)
    {
        var copy = Copy(seed);
        var slots = FieldSlot.All(copy).Where(slot => slot.Field.FieldType is FieldType.Int32 or FieldType.Int64 or FieldType.UInt32 or FieldType.UInt64 or FieldType.SInt32 or FieldType.SInt64).ToList();
        if (slots.Count == 0)
        {
            // An unknown varint field as large as varints go.
            return [.. copy.ToByteArray(), .. WireFormat.Tag(UnknownField, WireFormat.Varint), .. WireFormat.Varint64(ulong.MaxValue)];
        }

        var slot = slots[random.Next(slots.Count)];
        slot.Set(slot.Field.FieldType switch
        {
            FieldType.Int32 or FieldType.SInt32 => (object)Pick([int.MinValue, -1, int.MaxValue]),
            FieldType.Int64 or FieldType.SInt64 => Pick([long.MinValue, -1L, long.MaxValue]),
            FieldType.UInt32 => uint.MaxValue,
            _ => ulong.MaxValue,
        });
        return copy.ToByteArray();
    }

    private byte[] WithExtremeTimestamp(IMessage seed)
    {
        var copy = Copy(seed);
        var slots = FieldSlot.All(copy).Where(slot => slot.Field.FieldType == FieldType.Message && slot.Field.MessageType == Timestamp.Descriptor).ToList();
        if (slots.Count > 0)
        {
            slots[random.Next(slots.Count)].Set(new Timestamp
            {
                Seconds = Pick([long.MinValue, long.MaxValue, -62_135_596_801L, 253_402_300_800L, 0L, -1L]),
                Nanos = Pick([-1, 0, 999_999_999, 1_000_000_000, int.MaxValue, int.MinValue]),
            });
        }

        return copy.ToByteArray();
    }

    private byte[] WithManyRepeated(IMessage seed)
    {
        var copy = Copy(seed);
        var repeated = FieldSlot.Fields(copy).Where(pair => pair.Field.IsRepeated && pair.Field.FieldType != FieldType.Message).ToList();
        if (repeated.Count == 0)
        {
            return copy.ToByteArray();
        }

        var (owner, field) = repeated[random.Next(repeated.Count)];
        var list = (IList)field.Accessor.GetValue(owner);
        var count = random.Next(1_000, 20_000);
        for (var i = 0; i < count; i++)
        {
            list.Add(field.FieldType == FieldType.Enum
                ? SeedRequests.EnumValue(field.EnumType, random.Next(0, field.EnumType.Values.Count + 2))
                : $"x{i}");
        }

        return copy.ToByteArray();
    }

    private byte[] WithFieldCleared(IMessage seed)
    {
        var copy = Copy(seed);
        var fields = FieldSlot.Fields(copy).ToList();
        if (fields.Count > 0)
        {
            var (owner, field) = fields[random.Next(fields.Count)];
            field.Accessor.Clear(owner);
        }

        return copy.ToByteArray();
    }

    private byte[] BitFlipped(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return RandomBytes(4);
        }

        for (var flips = random.Next(1, 9); flips > 0; flips--)
        {
            bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
        }

        return bytes;
    }

    private byte[] Truncated(byte[] bytes) => bytes.Length <= 1 ? [0x0A] : bytes[..random.Next(1, bytes.Length)];

    private byte[] GarbageInserted(byte[] bytes)
    {
        var at = random.Next(bytes.Length + 1);
        return [.. bytes[..at], .. RandomBytes(random.Next(1, 32)), .. bytes[at..]];
    }

    /// <summary>
    /// A length-delimited field whose length prefix claims near 2^31 bytes (or a negative or 64-bit
    /// size), after some of the seed's fields, at the top level or inside one of its message fields.
    /// </summary>
    private byte[] HugeLengthPrefix(IMessage seed)
    {
        var bytes = seed.ToByteArray();
        var prefix = bytes[..random.Next(bytes.Length + 1)];
        var fields = seed.Descriptor.Fields.InDeclarationOrder();
        var delimited = fields.Where(field => field.FieldType is FieldType.Message or FieldType.String or FieldType.Bytes || field.IsPacked).ToList();
        var fieldNumber = delimited.Count > 0 ? delimited[random.Next(delimited.Count)].FieldNumber : UnknownField;
        byte[] claim = [.. WireFormat.Tag(random.Next(2) == 0 ? fieldNumber : 1, WireFormat.LengthDelimited), .. WireFormat.Varint64(Pick(HugeLengths)), .. RandomBytes(random.Next(0, 8))];
        var messageFields = fields.Where(field => field.FieldType == FieldType.Message).ToList();
        if (messageFields.Count > 0 && random.Next(2) == 0)
        {
            // Nested: a well-formed outer field whose content holds the lying prefix.
            claim = WireFormat.LengthDelimitedField(messageFields[random.Next(messageFields.Count)].FieldNumber, claim);
        }

        return [.. prefix, .. claim];
    }

    /// <summary>Groups nested far past any parser's recursion limit, in an unknown field or inside a message field.</summary>
    private byte[] DeeplyNested(IMessage seed)
    {
        var depth = Pick([64, 101, 1_000, 20_000, 100_000]);
        var start = WireFormat.Tag(UnknownField, WireFormat.StartGroup);
        var end = WireFormat.Tag(UnknownField, WireFormat.EndGroup);
        var nested = new byte[depth * (start.Length + end.Length)];
        for (var i = 0; i < depth; i++)
        {
            start.CopyTo(nested, i * start.Length);
            end.CopyTo(nested, (depth * start.Length) + (i * end.Length));
        }

        var messageFields = seed.Descriptor.Fields.InDeclarationOrder().Where(field => field.FieldType == FieldType.Message).ToList();
        if (messageFields.Count > 0 && random.Next(2) == 0)
        {
            nested = WireFormat.LengthDelimitedField(messageFields[random.Next(messageFields.Count)].FieldNumber, nested);
        }

        return [.. seed.ToByteArray(), .. nested];
    }

    /// <summary>A known field sent with a wire type that does not fit it, or one that does not exist (6, 7).</summary>
    private byte[] WrongWireType(IMessage seed)
    {
        var fields = seed.Descriptor.Fields.InDeclarationOrder();
        var fieldNumber = fields.Count > 0 ? fields[random.Next(fields.Count)].FieldNumber : UnknownField;
        byte[] field = random.Next(5) switch
        {
            0 => [.. WireFormat.Tag(fieldNumber, WireFormat.Varint), .. WireFormat.Varint64((ulong)random.NextInt64())],
            1 => [.. WireFormat.Tag(fieldNumber, WireFormat.Fixed32), .. RandomBytes(4)],
            2 => [.. WireFormat.Tag(fieldNumber, WireFormat.Fixed64), .. RandomBytes(8)],
            3 => [.. WireFormat.Tag(fieldNumber, WireFormat.EndGroup)],
            _ => [.. WireFormat.Tag(fieldNumber, Pick([6, 7])), .. RandomBytes(4)],
        };
        return [.. seed.ToByteArray(), .. field];
    }

    /// <summary>A string field whose bytes are not UTF-8.</summary>
    private byte[] InvalidUtf8(IMessage seed)
    {
        var strings = seed.Descriptor.Fields.InDeclarationOrder().Where(field => field.FieldType == FieldType.String).ToList();
        var fieldNumber = strings.Count > 0 ? strings[random.Next(strings.Count)].FieldNumber : UnknownField;
        return [.. seed.ToByteArray(), .. WireFormat.LengthDelimitedField(fieldNumber, Pick<byte[]>([[0xC3, 0x28], [0xFF, 0xFE, 0x00], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80]]))];
    }

    /// <summary>A frame header claiming <paramref name="extra"/> bytes more than the body carries.</summary>
    private static byte[] FrameClaiming(byte[] payload, int extra)
    {
        var frame = WireClient.Frame(payload);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)(payload.Length + extra));
        return frame;
    }

    private static IMessage Copy(IMessage seed) => seed.Descriptor.Parser.ParseFrom(seed.ToByteArray());

    private string Insert(string text, string insertion)
    {
        var at = random.Next(text.Length + 1);
        return string.Concat(text.AsSpan(0, at), insertion, text.AsSpan(at));
    }

    private T Pick<T>(IReadOnlyList<T> values) => values[random.Next(values.Count)];

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
