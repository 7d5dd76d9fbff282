using System.Text.RegularExpressions;
using Hub.Client;
using Hub.Consents;
using Hub.V1;
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
    public void Denial_reasons_answer_with_the_design_error_info_reasons() =>
        Assert.Equal(
            ["NO_ACTIVE_CONSENT", "CONSENT_REVOKED", "CONSENT_EXPIRED", "PURPOSE_NOT_CONSENTED", "CATEGORY_NOT_CONSENTED", "NOT_YET_VALID"],
            Enum.GetValues<Engine.DenialReason>().Skip(1).Select(reason => reason.ErrorInfoReason()));

    [Fact]
    public void Every_grant_fault_is_worded_with_its_design_reason_and_field()
    {
        string[] designReasons = ["INVALID_FIELD", "EXPIRY_REQUIRED", "EXPIRY_TOO_FAR", "SENSITIVE_CATEGORY_NOT_ACKNOWLEDGED", "GUARDIAN_REQUIRED"];
        foreach (var fault in Enum.GetValues<Engine.GrantFault>())
        {
            var refusal = ConsentRefusals.GrantRefused(new Engine.GrantViolation(Engine.GrantField.Categories, fault, Engine.DataCategory.Diagnosis), Engine.ConsentPolicy.Default);
            var info = refusal.GetErrorInfo()!;

            Assert.Contains(info.Reason, designReasons);
            Assert.Equal("categories", info.Metadata["field"]);
            Assert.Equal("DATA_CATEGORY_DIAGNOSIS", info.Metadata["category"]);
            Assert.False(string.IsNullOrWhiteSpace(refusal.Status.Detail));
        }
    }

    [Fact]
    public void Short_names_drop_the_prefix_and_parse_in_any_case()
    {
        Assert.Equal("SEXUAL_ORIENTATION_GENDER_IDENTITY", ProtoEnum<V1.DataCategory>.ShortName(V1.DataCategory.SexualOrientationGenderIdentity));
        Assert.Equal("99", ProtoEnum<V1.DataCategory>.Name((V1.DataCategory)99));
        Assert.True(ProtoEnum<V1.Purpose>.TryParseShortName(" care_coordination ", out var purpose));
        Assert.Equal(V1.Purpose.CareCoordination, purpose);
        Assert.False(ProtoEnum<V1.Purpose>.TryParseShortName("UNSPECIFIED", out _));
        Assert.DoesNotContain("UNSPECIFIED", ProtoEnum<V1.Purpose>.ShortNames);
    }

    private static void AssertSame<TEngine, TProto>(string prefix)
        where TEngine : struct, Enum
        where TProto : struct, Enum
    {
        var engine = Enum.GetValues<TEngine>().Select(value => (Convert.ToInt32(value, null), prefix + Capitals(value.ToString())));
        var proto = Enum.GetValues<TProto>().Select(value => (Convert.ToInt32(value, null), ProtoEnum<TProto>.Name(value)));

        Assert.Equal(engine, proto);
    }

    private static string Capitals(string pascal) => WordStart().Replace(pascal, "_$1").ToUpperInvariant();

    [GeneratedRegex("(?<=[a-z])([A-Z])")]
    private static partial Regex WordStart();
}
