using System.Globalization;
using Hub.Consent.Identifiers;

namespace Hub.Consent.Tests.Properties;

/// <summary>
/// The few agencies, ids and days generated scenarios draw from: small pools make consents overlap,
/// which is where the decision is interesting.
/// </summary>
internal static class Pools
{
    public static readonly DateTimeOffset Day0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly PersonId Person = OpaqueId.New<PersonId>();
    public static readonly AgencyId[] Recipients = [.. Enumerable.Range(0, 3).Select(_ => OpaqueId.New<AgencyId>())];
    public static readonly AgencyId[] Sources = [.. Enumerable.Range(0, 3).Select(_ => OpaqueId.New<AgencyId>())];
    public static readonly ConsentId[] ConsentIds = [.. Enumerable.Range(0, 64).Select(_ => OpaqueId.New<ConsentId>())];

    public static DateTimeOffset At(int day, int ticks) => Day0.AddDays(day).AddTicks(ticks);

    public static string Name(AgencyId agency) =>
        Array.IndexOf(Recipients, agency) is >= 0 and var r ? $"R{r}" : Array.IndexOf(Sources, agency) is >= 0 and var s ? $"S{s}" : agency.Value ?? "default";

    public static string Name(ConsentId consent) => Array.IndexOf(ConsentIds, consent) is >= 0 and var i ? $"#{i}" : consent.Value ?? "default";

    public static string Days(DateTimeOffset instant)
    {
        var days = Math.DivRem(instant.UtcTicks - Day0.UtcTicks, TimeSpan.TicksPerDay, out var rest);
        return rest == 0 ? $"d{days}" : string.Create(CultureInfo.InvariantCulture, $"d{days}{rest:+0;-0}t");
    }
}
