using Google.Protobuf.Reflection;

namespace Hub.Rpc;

/// <summary>Enum values as the .proto spells them (DATA_CATEGORY_DIAGNOSIS), for messages and ErrorInfo metadata partners can match on.</summary>
internal static class ProtoNames
{
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        value.GetType().GetField(value.ToString())?.GetCustomAttributes(typeof(OriginalNameAttribute), false) is [OriginalNameAttribute attribute, ..]
            ? attribute.Name
            : Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
