using Hub.Consent.Identifiers;

namespace Hub.Consent.Tests.Properties;

/// <summary>One line for a whole decision, so two decisions compare as strings and a difference prints readably.</summary>
internal static class Rendering
{
    public static string Render(AccessDecision decision) => Render(
        decision.PermittedBySource.Select(permission => (permission.Source, (IEnumerable<DataCategory>)permission.Categories, (IEnumerable<ConsentId>)permission.ConsentIds)),
        decision.Permitted, decision.Denied, decision.ConsentIds);

    public static string Render(
        IEnumerable<(AgencyId? Source, IEnumerable<DataCategory> Categories, IEnumerable<ConsentId> ConsentIds)> bySource,
        IEnumerable<DataCategory> permitted,
        IEnumerable<KeyValuePair<DataCategory, DenialReason>> denied,
        IEnumerable<ConsentId> consentIds) =>
        "by source " + string.Join(" ", bySource.Select(entry =>
            $"{(entry.Source is { } source ? Pools.Name(source) : "any")}:{List(entry.Categories)}{Ids(entry.ConsentIds)}"))
        + $" | permitted {List(permitted)} | denied {List(denied.Select(pair => $"{pair.Key}={pair.Value}"))} | consents {Ids(consentIds)}";

    private static string List<T>(IEnumerable<T> items) => "{" + string.Join(",", items) + "}";

    private static string Ids(IEnumerable<ConsentId> ids) => "[" + string.Join(",", ids.Select(Pools.Name)) + "]";
}
