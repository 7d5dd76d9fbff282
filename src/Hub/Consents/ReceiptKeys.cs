using Hub.Auth;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hub.Consents;

/// <summary>
/// The keys receipts are signed with (A4): separate from the token keys, replaced only every
/// <c>Hub:Consent:ReceiptKeyLifetimeDays</c> (five years by default), and every one ever used stays
/// published at <see cref="WellKnownPath"/>, so a receipt verifies offline long after it was issued.
/// </summary>
internal sealed class ReceiptKeys(NpgsqlDataSource database, IOptions<ConsentOptions> options, TimeProvider clock) : KeyRing(database, clock)
{
    public const string WellKnownPath = "/.well-known/hub-receipt-keys.json";

    protected override string Table => "receipt_signing_key";

    protected override TimeSpan Lifetime => TimeSpan.FromDays(options.Value.ReceiptKeyLifetimeDays);

    protected override DateTimeOffset? PublishedSince(DateTimeOffset now) => null;
}
