namespace Hub.Consent.Tests.Properties;

/// <summary>A person's consents and one request about them, as the property tests generate them.</summary>
internal sealed record Scenario(IReadOnlyList<ConsentRecord> Consents, AccessRequest Request)
{
    public AccessDecision Decide() => new ConsentSet(Pools.Person, Consents).Decide(Request);

    /// <summary>A counterexample FsCheck can print readably: days from <see cref="Pools.Day0"/>, agencies by pool name.</summary>
    public override string ToString() =>
        $"request {Describe(Request)}; consents:{Environment.NewLine}  "
        + string.Join(Environment.NewLine + "  ", Consents.Select(Describe));

    private static string Describe(AccessRequest request) =>
        $"{Pools.Name(request.Recipient)} {request.Purpose} {request.Categories} sources "
        + (request.Sources is null ? "any" : "[" + string.Join(",", request.Sources.Select(Pools.Name)) + "]")
        + $" at {Pools.Days(request.At)}";

    private static string Describe(ConsentRecord consent) =>
        $"{Pools.Name(consent.Id)} {Pools.Name(consent.Grant.Recipient)} {consent.Grant.Purpose} [{string.Join(",", consent.Grant.Categories)}]"
        + $" sources [{string.Join(",", consent.Grant.SourceAgencies.Select(Pools.Name))}]"
        + $" {Pools.Days(consent.Grant.ValidFrom)}..{(consent.Grant.ExpiresAt is { } end ? Pools.Days(end) : "none")}"
        + (consent.RevokedAt is { } revoked ? $" revoked {Pools.Days(revoked)}" : "");
}
