using System.Globalization;
using System.Security.Claims;
using Hub.Consent.Identifiers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using GrantorRole = Hub.Consent.GrantorRole;

namespace Hub.PersonPage;

/// <summary>What every page of the person's own page has: its texts in the request's language, the display zone, and the signed-in session.</summary>
internal abstract class PersonPageModel : PageModel
{
    private PageText? _text;
    private DateTimeZone? _zone;

    /// <summary>The request's language, as localization set it before the page ran; looked up once, used for every text.</summary>
    public PageText Text => _text ??= PageText.For(CultureInfo.CurrentUICulture);

    /// <summary>Times are shown in the hub's zone for people (the meetings' default zone); resolved once per page, not per time shown.</summary>
    public DateTimeZone Zone => _zone ??= HttpContext.RequestServices.GetRequiredService<PersonPageZone>().Zone;

    /// <summary>The person this session is for; every query of the page is scoped to it (P3).</summary>
    protected PersonSession Session => new(
        OpaqueId.Parse<PersonId>(User.FindFirstValue(PersonSessionAuthentication.PersonClaim)!),
        (GrantorRole)int.Parse(User.FindFirstValue(PersonSessionAuthentication.HolderClaim)!, CultureInfo.InvariantCulture));

    public bool SignedInAsGuardian => User.FindFirstValue(PersonSessionAuthentication.HolderClaim) == ((int)GrantorRole.LegalGuardian).ToString(CultureInfo.InvariantCulture);

    public string When(DateTimeOffset instant) => Text.Date(instant, Zone);

    /// <summary>A signed receipt as a download: the compact JWS, which carries the receipt document as its payload.</summary>
    protected FileContentResult ReceiptFile(Hub.V1.GetConsentReceiptResponse receipt, string name) =>
        File(System.Text.Encoding.ASCII.GetBytes(receipt.SignedReceipt), "application/jose", $"{name}.jws");
}

/// <summary>The zone the page shows times in.</summary>
internal sealed record PersonPageZone(DateTimeZone Zone);

/// <summary>The consent partial's model: the page (texts, zone) and the consent.</summary>
internal sealed record ConsentCard(PersonPageModel Page, ConsentView Consent);

/// <summary>What a consent or a request is about — recipient, purpose, categories, sources — as both show it.</summary>
internal sealed record ConsentScope(
    PersonPageModel Page, AgencyNames Names, AgencyId Recipient, Hub.Consent.Purpose Purpose,
    IReadOnlyList<Hub.Consent.DataCategory> Categories, IReadOnlyList<AgencyId> Sources);

/// <summary>The access-log partial's model.</summary>
internal sealed record AccessTable(PersonPageModel Page, IReadOnlyList<AccessView> Records);
