using Hub.Rpc;
using Microsoft.AspNetCore.Mvc;

namespace Hub.PersonPage;

/// <summary>C7, P2: the person withdraws a consent, after a confirmation step, with an optional reason.</summary>
internal sealed class WithdrawModel(PersonPageData data, PersonActions actions) : PersonPageModel
{
    public ConsentView? Consent { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        Consent = await data.ConsentAsync(Session.Person, id, HttpContext.RequestAborted);
        return Consent is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, string? reason)
    {
        if (reason is { Length: > Validate.MaxReasonLength })
        {
            return BadRequest();
        }

        return await actions.WithdrawAsync(Session, id, reason, HttpContext.RequestAborted) switch
        {
            ActionOutcome.NotFound => NotFound(),
            // Already withdrawn (a second click, another tab): show the consent as it now stands.
            ActionOutcome.NoLongerPossible => await OnGetAsync(id),
            _ => Redirect(PersonPageExtensions.ConsentPath(id, PersonPageExtensions.Withdrawn)),
        };
    }
}
