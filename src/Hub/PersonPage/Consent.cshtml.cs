using Hub.Consents;
using Microsoft.AspNetCore.Mvc;

namespace Hub.PersonPage;

/// <summary>One of the person's consents in full, what was read under it, and what they can do with it.</summary>
internal sealed class ConsentModel(PersonPageData data, ConsentReceipts receipts) : PersonPageModel
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

    /// <summary>A4: the signed receipt of the consent, as a file.</summary>
    public async Task<IActionResult> OnGetReceiptAsync(string id) =>
        await data.ConsentAsync(Session.Person, id, HttpContext.RequestAborted) is { } consent
            ? ReceiptFile(await receipts.IssueAsync(consent.Stored, HttpContext.RequestAborted), $"consent-receipt-{id}")
            : NotFound();

    /// <summary>A4: the signed receipt of the consent's withdrawal; 404 while it stands.</summary>
    public async Task<IActionResult> OnGetWithdrawalReceiptAsync(string id) =>
        await data.ConsentAsync(Session.Person, id, HttpContext.RequestAborted) is { } consent
        && await receipts.IssueWithdrawalAsync(consent.Stored, HttpContext.RequestAborted) is { } receipt
            ? ReceiptFile(receipt, $"withdrawal-receipt-{id}")
            : NotFound();
}
