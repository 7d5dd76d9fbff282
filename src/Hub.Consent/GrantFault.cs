namespace Hub.Consent;

/// <summary>
/// Exactly what is wrong with one part of a grant. The engine names the fault; the server words it for
/// the partner, so the rules carry no API spelling.
/// </summary>
public enum GrantFault
{
    /// <summary>A required id or choice is absent, or a number the API doesn't define.</summary>
    Missing = 1,

    /// <summary>C1: no category at all.</summary>
    NoCategories = 2,

    /// <summary>C1: a number that is no data category (<see cref="GrantViolation.Category"/>).</summary>
    UnknownCategory = 3,

    /// <summary>C4: a sensitive category listed but not acknowledged on its own (<see cref="GrantViolation.Category"/>).</summary>
    SensitiveNotAcknowledged = 4,

    /// <summary>C4: an acknowledgement of a category that is not sensitive (<see cref="GrantViolation.Category"/>).</summary>
    AcknowledgedNotSensitive = 5,

    /// <summary>C4: an acknowledgement of a sensitive category the grant does not list (<see cref="GrantViolation.Category"/>).</summary>
    AcknowledgedNotListed = 6,

    /// <summary>An empty agency id among the source agencies.</summary>
    EmptySourceAgency = 7,

    /// <summary>C2: no expiry.</summary>
    NoExpiry = 8,

    /// <summary>C2: the expiry is not after the start.</summary>
    ExpiryNotAfterStart = 9,

    /// <summary>C2: the expiry lies beyond <see cref="ConsentPolicy.MaxPeriodYears"/> after the start.</summary>
    ExpiryTooFar = 10,

    /// <summary>C6: the person is under <see cref="ConsentPolicy.AgeOfMajority"/> at the start and the grantor is not their legal guardian.</summary>
    MinorWithoutGuardian = 11,
}
