using System.Globalization;
using Google.Protobuf.Reflection;
using Hub.V1;

namespace Hub.Cli;

/// <summary>
/// A hub.v1 enum's values as people type and read them: the proto name without the enum's prefix
/// (EMPLOYMENT_SUPPORT for PURPOSE_EMPLOYMENT_SUPPORT), in any case. Taken from the proto descriptor,
/// so hubctl's names can't drift from the contract.
/// </summary>
internal static class ProtoEnum<TEnum>
    where TEnum : struct, Enum
{
    private static readonly EnumDescriptor Descriptor = ProtoEnumFiles.All
        .SelectMany(file => file.EnumTypes)
        .Single(candidate => candidate.ClrType == typeof(TEnum));

    // buf lint makes every zero value ENUM_NAME_UNSPECIFIED, so the zero value's name gives the prefix.
    private static readonly string Prefix = Descriptor.FindValueByNumber(0).Name[..^"UNSPECIFIED".Length];

    /// <summary>Every value but the zero UNSPECIFIED, in the proto's order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Descriptor.Values.Where(value => value.Number != 0).Select(value => value.Name[Prefix.Length..])];

    /// <summary>A name from <see cref="Names"/>, in any case; false for anything else, UNSPECIFIED included.</summary>
    public static bool TryParse(string name, out TEnum value)
    {
        var found = Descriptor.FindValueByName(Prefix + name.Trim().ToUpperInvariant());
        value = found is { Number: not 0 } ? (TEnum)Enum.ToObject(typeof(TEnum), found.Number) : default;
        return found is { Number: not 0 };
    }

    /// <summary>The value's name, or its number when this hubctl is older than the hub.</summary>
    public static string Name(TEnum value)
    {
        var number = Convert.ToInt32(value, CultureInfo.InvariantCulture);
        return Descriptor.FindValueByNumber(number)?.Name[Prefix.Length..] ?? number.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The values' names, comma-separated as the options take them.</summary>
    public static string Join(IEnumerable<TEnum> values) => string.Join(", ", values.Select(Name));
}

/// <summary>The proto files whose enums hubctl names.</summary>
file static class ProtoEnumFiles
{
    public static FileDescriptor[] All { get; } =
        [AgencyReflection.Descriptor, ConsentTypesReflection.Descriptor, ConsentReflection.Descriptor, AuditReflection.Descriptor];
}
