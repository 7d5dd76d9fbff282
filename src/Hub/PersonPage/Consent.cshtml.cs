using Microsoft.AspNetCore.Mvc;

namespace Hub.PersonPage;

/// <summary>One of the person's consents in full, what was read under it, and what they can do with it.</summary>
internal sealed class ConsentModel(PersonPageData data) : PersonPageModel
{
    public ConsentView? Consent { get; private set; }

    public IReadOnlyList<AccessView> Disclosures { get; private set; } = [];

    /// <summary>The confirmation of what the person just did, after the redirect that follows it.</summary>
    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, string? done)
    {
        Consent = await data.ConsentAsync(Session.Person, id, HttpContext.RequestAborted);
        if (Consent is null)
        {
            return NotFound();
        }

        Disclosures = await data.DisclosuresUnderAsync(Session.Person, Consent.Stored.Id, HttpContext.RequestAborted);
        Done = done switch
        {
            PersonPageExtensions.Withdrawn => Text.WithdrawDone,
            PersonPageExtensions.Approved => Text.ApproveDone,
            _ => null,
        };
        return Page();
    }
}
