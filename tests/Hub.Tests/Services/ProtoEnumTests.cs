using System.Text.RegularExpressions;
using Google.Protobuf.Reflection;
using Engine = Hub.Consent;

namespace Hub.Tests.Services;

/// <summary>
/// The server converts between the engine's enums and hub.v1's by number, so each pair must agree
/// value for value: the proto name is the enum's prefix plus the engine member's name in capitals.
/// </summary>
public sealed partial class ProtoEnumTests
{
    [Fact]
    public void Engine_and_proto_enums_agree_by_number_and_name()
    {
        AssertSame<Engine.Purpose, V1.Purpose>("PURPOSE_");
        AssertSame<Engine.DataCategory, V1.DataCategory>("DATA_CATEGORY_");
        AssertSame<Engine.GrantorRole, V1.GrantorRole>("GRANTOR_ROLE_");
        AssertSame<Engine.CollectionMethod, V1.CollectionMethod>("COLLECTION_METHOD_");
        AssertSame<Engine.ConsentStatus, V1.ConsentStatus>("CONSENT_STATUS_");
        AssertSame<Engine.DenialReason, V1.DenialReason>("DENIAL_REASON_");
    }

    [Fact]
    public void Proto_denial_reasons_carry_the_error_info_reason_words()
    {
        foreach (var reason in Enum.GetValues<Engine.DenialReason>().Skip(1))
        {
            Assert.Equal("DENIAL_REASON_" + Engine.ErrorInfoReasons.ToErrorInfoReason(reason), ProtoName((V1.DenialReason)reason));
        }
    }

    private static void AssertSame<TEngine, TProto>(string prefix)
        where TEngine : struct, Enum
        where TProto : struct, Enum
    {
        var engine = Enum.GetValues<TEngine>().Select(value => (Convert.ToInt32(value, null), prefix + Capitals(value.ToString())));
        var proto = Enum.GetValues<TProto>().Select(value => (Convert.ToInt32(value, null), ProtoName(value)));

        Assert.Equal(engine, proto);
    }

    private static string ProtoName<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        typeof(TEnum).GetField(value.ToString())!.GetCustomAttributes(typeof(OriginalNameAttribute), false).Cast<OriginalNameAttribute>().Single().Name;

    private static string Capitals(string pascal) => WordStart().Replace(pascal, "_$1").ToUpperInvariant();

    [GeneratedRegex("(?<=[a-z])([A-Z])")]
    private static partial Regex WordStart();
}
