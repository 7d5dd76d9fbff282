using Hub.Consent.Identifiers;

namespace Hub.Consent;

/// <summary>A recipient asking for a person's data, for one purpose, at one instant.</summary>
public sealed record AccessRequest
{
    public required AgencyId Recipient { get; init; }

    public required Purpose Purpose { get; init; }

    /// <summary>The categories asked for; empty asks for every category, as an empty <c>categories</c> field does in the API.</summary>
    public CategorySet Categories { get; init; }

    /// <summary>
    /// The source agencies whose data is at stake, each answered on its own (C5: a consent may name
    /// sources). Null asks whether a category is permitted from at least one source — right for
    /// CheckAccess, wrong for releasing data, which must name the author of what is released.
    /// An empty collection names no source, so nothing can be permitted.
    /// </summary>
    public IReadOnlyCollection<AgencyId>? Sources { get; init; }

    /// <summary>The instant the answer is for, normally now; the engine reads no clock.</summary>
    public required DateTimeOffset At { get; init; }
}
