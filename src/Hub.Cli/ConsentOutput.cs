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
            ("period", $"{(consent.ValidFrom is null ? "from the person's approval" : TextOutput.Time(consent.ValidFrom))} until {TextOutput.Time(consent.ExpiresAt)}"),
        ];
        // A request (C9) has no grantor until the person approves it.
        if (consent.GrantedBy != GrantorRole.Unspecified)
        {
            fields.Add(("granted by", $"{ProtoEnum<GrantorRole>.ShortName(consent.GrantedBy)}, {ProtoEnum<CollectionMethod>.ShortName(consent.CollectionMethod)}"));
        }

        if (consent.Explanation.Length > 0)
        {
            fields.Add(("asked because", consent.Explanation));
        }

        if (consent.EvidenceReference.Length > 0)
        {
            fields.Add(("evidence", consent.EvidenceReference));
        }

        fields.Add(("recorded by", $"{names.Name(consent.RecordedByAgencyId)} at {TextOutput.Time(consent.CreatedAt)}"));
        fields.Add(("status", ProtoEnum<ConsentStatus>.ShortName(consent.Status)));
        if (consent.RevokedAt is not null)
        {
            var revoker = consent.RevokedByPerson ? "the person" : names.Name(consent.RevokedByAgencyId);
            fields.Add(("revoked", $"{TextOutput.Time(consent.RevokedAt)} by {revoker}: {consent.RevocationReason}"));
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
