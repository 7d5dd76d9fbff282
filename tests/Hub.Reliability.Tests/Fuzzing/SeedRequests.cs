using System.Collections;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Type = System.Type;

namespace Hub.Reliability.Tests.Fuzzing;

/// <summary>
/// Plausible requests built from a method's input descriptor alone: every field filled with a value
/// of its type, identifiers taken from <see cref="KnownValues"/> by field name, so any RPC added to
/// the contract gets seeds without a line of code here. With <c>minRepeated</c> every repeated field
/// has at least that many elements.
/// </summary>
public sealed class SeedRequests(KnownValues known, Random random, int minRepeated = 0)
{
    private const int MaxRepeated = 3;

    public IMessage Build(HubRpc rpc) => Fill(rpc.Method.InputType, rpc.IsAdmin);

    /// <summary>An empty message of the descriptor's generated type.</summary>
    public static IMessage Empty(MessageDescriptor descriptor) =>
        (IMessage)Activator.CreateInstance(descriptor.ClrType ?? throw new InvalidOperationException($"{descriptor.FullName} has no generated type."))!;

    private IMessage Fill(MessageDescriptor descriptor, bool operatorCall)
    {
        var message = Empty(descriptor);
        foreach (var field in descriptor.Fields.InDeclarationOrder())
        {
            if (field.IsMap || (field.RealContainingOneof is not null && minRepeated == 0 && random.Next(2) == 0))
            {
                continue;
            }

            if (field.IsRepeated)
            {
                var list = (IList)field.Accessor.GetValue(message);
                for (var i = random.Next(minRepeated, MaxRepeated + 1); i > 0; i--)
                {
                    list.Add(Value(field, operatorCall));
                }
            }
            else
            {
                field.Accessor.SetValue(message, Value(field, operatorCall));
            }
        }

        return message;
    }

    private object Value(FieldDescriptor field, bool operatorCall) => field.FieldType switch
    {
        FieldType.String => Text(field.Name, operatorCall),
        FieldType.Enum => EnumValue(field.EnumType, random.Next(1, Math.Max(2, field.EnumType.Values.Count))),
        FieldType.Message when field.MessageType == Timestamp.Descriptor =>
            Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(random.Next(-30, 700))),
        FieldType.Message => Fill(field.MessageType, operatorCall),
        FieldType.Bool => random.Next(2) == 0,
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => random.Next(0, 60),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => (long)random.Next(0, 60),
        FieldType.UInt32 or FieldType.Fixed32 => (uint)random.Next(0, 60),
        FieldType.UInt64 or FieldType.Fixed64 => (ulong)random.Next(0, 60),
        FieldType.Double => random.NextDouble(),
        FieldType.Float => (float)random.NextDouble(),
        FieldType.Bytes => ByteString.CopyFrom(RandomBytes(random.Next(0, 64))),
        _ => throw new NotSupportedException($"No seed for field {field.FullName} of type {field.FieldType}."),
    };

    /// <summary>The enum value with the given number, as the generated CLR enum (undefined numbers too).</summary>
    public static object EnumValue(EnumDescriptor descriptor, int number)
    {
        Type type = descriptor.ClrType ?? throw new InvalidOperationException($"{descriptor.FullName} has no generated type.");
        return System.Enum.ToObject(type, number);
    }

    private string Text(string name, bool operatorCall) => name switch
    {
        "person_id" => Pick(known.PersonIds),
        "consent_id" => Pick(known.ConsentIds),
        "public_key_jwk" => known.PublicKeyJwk,
        "page_token" => string.Empty,
        "request_id" => Convert.ToHexStringLower(RandomBytes(12)),
        _ when name.EndsWith("agency_id", StringComparison.Ordinal) || name.EndsWith("agency_ids", StringComparison.Ordinal) =>
            Pick(operatorCall ? known.OperatorTargetAgencyIds : known.AgencyIds),
        _ when name.EndsWith("date", StringComparison.Ordinal) =>
            new DateOnly(1950, 1, 1).AddDays(random.Next(0, 25_000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => $"fuzz {name} {random.Next(1000)}",
    };

    private string Pick(IReadOnlyList<string> values) => values[random.Next(values.Count)];

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
