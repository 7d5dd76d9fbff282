using Hub.Consents;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Hub.PersonPage;

/// <summary>A2: the whole access log, newest first, a page at a time by record number.</summary>
internal sealed class AccessModel(PersonPageData data, ConsentReceipts receipts, IOptions<PersonPageOptions> options) : PersonPageModel
{
    public IReadOnlyList<AccessView> Records { get; private set; } = [];

    public long? Before { get; private set; }

    /// <summary>Where the next (older) page starts; null on the last page.</summary>
    public long? OlderBefore { get; private set; }

    public async Task OnGetAsync(long? before)
    {
        Before = before is > 0 ? before : null;
        Records = await data.AccessLogAsync(Session.Person, Before, HttpContext.RequestAborted);
        OlderBefore = Records.Count == options.Value.AccessLogPageSize ? Records[^1].Record.Seq : null;
    }

    /// <summary>A4: the signed receipt of one disclosure of the person's data; 404 for anything else, or anyone else's.</summary>
    public async Task<IActionResult> OnGetReceiptAsync(string? record) =>
        record is not null && await data.DisclosureAsync(Session.Person, record, HttpContext.RequestAborted) is { } disclosure
            ? ReceiptFile(await receipts.IssueDisclosureAsync(disclosure, HttpContext.RequestAborted), $"disclosure-receipt-{record}")
            : NotFound();
}
