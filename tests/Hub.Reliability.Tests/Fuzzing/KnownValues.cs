namespace Hub.Reliability.Tests.Fuzzing;

/// <summary>
/// Identifiers of things that exist on the hub under test, so seeded requests get past NOT_FOUND into
/// the hub's logic and its database. Operator RPCs only ever name <see cref="OperatorTargetAgencyIds"/>,
/// so a mutant that disables a client never disables the agency the fuzz calls as.
/// </summary>
public sealed record KnownValues(
    IReadOnlyList<string> PersonIds,
    IReadOnlyList<string> AgencyIds,
    IReadOnlyList<string> OperatorTargetAgencyIds,
    IReadOnlyList<string> ConsentIds,
    string PublicKeyJwk);
