using Microsoft.Extensions.Options;

namespace Hub.PersonPage;

/// <summary>A2: the whole access log, newest first, a page at a time by record number.</summary>
internal sealed class AccessModel(PersonPageData data, IOptions<PersonPageOptions> options) : PersonPageModel
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
}
