using Grpc.Net.Client;
using Hub.V1;

namespace Hub.Cli;

/// <summary>Consents as hubctl prints them, with agencies named.</summary>
internal static class ConsentOutput
{
    /// <summary>One consent, a field a line.</summary>
    public static async Task PrintAsync(TextOutput output, GrpcChannel channel, Consent consent, CancellationToken cancellationToken)
    {
        var names = await AgencyNames.LookUpAsync(
            channel, [consent.RecipientAgencyId, consent.RecordedByAgencyId, consent.RevokedByAgencyId, .. consent.SourceAgencyIds], cancellationToken);
        List<(string Label, string Value)> fields =
        [
            ("consent id", consent.ConsentId),
            ("person", consent.PersonId),
            ("recipient", names.NameAndId(consent.RecipientAgencyId)),
            ("purpose", ProtoEnum<Purpose>.ShortName(consent.Purpose)),
            ("categories", Categories(consent)),
            ("sources", consent.SourceAgencyIds.Count == 0 ? "every agency" : string.Join(", ", consent.SourceAgencyIds.Select(names.Name))),
            ("period", $"{TextOutput.Time(consent.ValidFrom)} until {TextOutput.Time(consent.ExpiresAt)}"),
            ("granted by", $"{ProtoEnum<GrantorRole>.ShortName(consent.GrantedBy)}, {ProtoEnum<CollectionMethod>.ShortName(consent.CollectionMethod)}"),
        ];
        if (consent.EvidenceReference.Length > 0)
        {
            fields.Add(("evidence", consent.EvidenceReference));
        }

        fields.Add(("recorded by", $"{names.Name(consent.RecordedByAgencyId)} at {TextOutput.Time(consent.CreatedAt)}"));
        fields.Add(("status", ProtoEnum<ConsentStatus>.ShortName(consent.Status)));
        if (consent.RevokedAt is not null)
        {
            fields.Add(("revoked", $"{TextOutput.Time(consent.RevokedAt)} by {names.Name(consent.RevokedByAgencyId)}: {consent.RevocationReason}"));
        }

        output.Fields([.. fields]);
    }

    /// <summary>Consents a row each, newest first as the hub lists them.</summary>
    public static async Task PrintTableAsync(TextOutput output, GrpcChannel channel, IReadOnlyList<Consent> consents, CancellationToken cancellationToken)
    {
        var names = await AgencyNames.LookUpAsync(channel, consents.Select(consent => consent.RecipientAgencyId), cancellationToken);
        output.Table(
            ["CONSENT ID", "PERSON", "STATUS", "RECIPIENT", "PURPOSE", "EXPIRES", "CATEGORIES"],
            [.. consents.Select(consent => new[]
            {
                consent.ConsentId,
                consent.PersonId,
                ProtoEnum<ConsentStatus>.ShortName(consent.Status),
                names.Name(consent.RecipientAgencyId),
                ProtoEnum<Purpose>.ShortName(consent.Purpose),
                TextOutput.Time(consent.ExpiresAt),
                Categories(consent),
            })]);
    }

    /// <summary>The categories, each sensitive one (C4) marked: a consent lists those in sensitive_acknowledged too.</summary>
    private static string Categories(Consent consent) =>
        string.Join(", ", consent.Categories.Select(category =>
            consent.SensitiveAcknowledged.Contains(category) ? $"{ProtoEnum<DataCategory>.ShortName(category)} (sensitive)" : ProtoEnum<DataCategory>.ShortName(category)));
}
