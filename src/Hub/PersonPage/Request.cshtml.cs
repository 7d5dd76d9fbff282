using Hub.Consent;
using Microsoft.AspNetCore.Mvc;

namespace Hub.PersonPage;

/// <summary>C9, P2: a consent an agency asks for, which the person approves (ticking each sensitive category, C4) or declines.</summary>
internal sealed class RequestModel(PersonPageData data, PersonActions actions) : PersonPageModel
{
    public RequestView? Draft { get; private set; }

    public bool Refused { get; private set; }

    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, string? done)
    {
        if (await data.ConsentAsync(Session.Person, id, HttpContext.RequestAborted) is not null)
        {
            // Approved: it is a consent now, under the same id.
            return Redirect(PersonPageExtensions.ConsentPath(id));
        }

        Draft = await data.RequestAsync(Session.Person, id, HttpContext.RequestAborted);
        Done = done == PersonPageExtensions.Declined ? Text.DeclineDone : null;
        return Draft is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostApproveAsync(string id, int[]? sensitive)
    {
        var ticked = (sensitive ?? []).Where(number => Enum.IsDefined((DataCategory)number)).Select(number => (DataCategory)number).ToList();
        switch (await actions.ApproveAsync(Session, id, ticked, HttpContext.RequestAborted))
        {
            case ActionOutcome.NotFound:
                return NotFound();
            case ActionOutcome.Refused:
                Refused = true;
                await OnGetAsync(id, null);
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            case ActionOutcome.NoLongerPossible:
                return await OnGetAsync(id, null);
            default:
                return Redirect(PersonPageExtensions.ConsentPath(id, PersonPageExtensions.Approved));
        }
    }

    public async Task<IActionResult> OnPostDeclineAsync(string id) =>
        await actions.DeclineAsync(Session, id, HttpContext.RequestAborted) switch
        {
            ActionOutcome.NotFound => NotFound(),
            ActionOutcome.NoLongerPossible => await OnGetAsync(id, null),
            _ => Redirect(PersonPageExtensions.RequestPath(id, PersonPageExtensions.Declined)),
        };
}
