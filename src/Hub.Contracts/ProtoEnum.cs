using System.Globalization;
using System.Reflection;
using Google.Protobuf.Reflection;

namespace Hub.V1;

/// <summary>
/// A hub.v1 enum's values as the .proto spells them: the full name (DATA_CATEGORY_DIAGNOSIS) that
/// messages and ErrorInfo metadata carry, and the short name without the enum's prefix (DIAGNOSIS) that
/// people type and read. Read from the generated code, so no name can drift from the contract.
/// </summary>
/// <typeparam name="TEnum">An enum generated from protos/hub.</typeparam>
public static class ProtoEnum<TEnum>
    where TEnum : struct, Enum
{
    private static readonly (int Number, string Name)[] Values = [.. typeof(TEnum)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (Number: Convert.ToInt32(field.GetValue(null), CultureInfo.InvariantCulture), field.GetCustomAttribute<OriginalNameAttribute>()))
        .Where(value => value.Item2 is { PreferredAlias: true })
        .Select(value => (value.Number, value.Item2!.Name))
        .OrderBy(value => value.Number)];

    private static readonly Dictionary<int, string> NameByNumber = Values.ToDictionary(value => value.Number, value => value.Name);

    // buf lint makes every zero value ENUM_NAME_UNSPECIFIED, so the zero value's name gives the prefix.
    private static readonly string Prefix = NameByNumber.TryGetValue(0, out var zero) && zero.EndsWith("UNSPECIFIED", StringComparison.Ordinal)
        ? zero[..^"UNSPECIFIED".Length]
        : throw new InvalidOperationException($"{typeof(TEnum)} is no enum generated from a hub.v1 proto: its zero value is not ..._UNSPECIFIED.");

    private static readonly Dictionary<string, int> NumberByShortName = Values
        .Where(value => value.Number != 0)
        .ToDictionary(value => value.Name[Prefix.Length..], value => value.Number, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every value's short name but the zero UNSPECIFIED, in the order of their numbers.</summary>
    public static IReadOnlyList<string> ShortNames { get; } = [.. NumberByShortName.OrderBy(pair => pair.Value).Select(pair => pair.Key)];

    /// <summary>The value's full proto name, or its number when the value is one this contract doesn't define.</summary>
    public static string Name(TEnum value)
    {
        var number = Convert.ToInt32(value, CultureInfo.InvariantCulture);
        return NameByNumber.TryGetValue(number, out var name) ? name : number.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The value's name without the enum's prefix, or its number when the value is one this contract doesn't define.</summary>
    public static string ShortName(TEnum value)
    {
        var number = Convert.ToInt32(value, CultureInfo.InvariantCulture);
        return NameByNumber.TryGetValue(number, out var name) ? name[Prefix.Length..] : number.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A name from <see cref="ShortNames"/>, in any case and with surrounding space; false for anything else, UNSPECIFIED included.</summary>
    public static bool TryParseShortName(string name, out TEnum value)
    {
        ArgumentNullException.ThrowIfNull(name);
        var found = NumberByShortName.TryGetValue(name.Trim(), out var number);
        value = found ? (TEnum)Enum.ToObject(typeof(TEnum), number) : default;
        return found;
    }
}
