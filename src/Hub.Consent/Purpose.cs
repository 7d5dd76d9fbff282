namespace Hub.Consent;

/// <summary>
/// Why a recipient wants the data (DESIGN §3 <c>hub.v1.Purpose</c>; the numbers are the proto's, so the
/// server converts by cast).
/// </summary>
public enum Purpose
{
    Unspecified = 0,
    EmploymentSupport = 1,
    CareCoordination = 2,
    Treatment = 3,
    EducationSupport = 4,
    WelfareServicePlanning = 5,

    /// <summary>
    /// Break-glass (C8) is the server's business, not the consents': a consent permits this purpose only
    /// if it names this purpose itself, never because it names another one.
    /// </summary>
    Emergency = 6,
}
