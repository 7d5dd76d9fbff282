namespace Hub.Consent;

/// <summary>How the consent was taken (DESIGN §3 <c>hub.v1.CollectionMethod</c>; the numbers are the proto's).</summary>
public enum CollectionMethod
{
    Unspecified = 0,
    Written = 1,
    Electronic = 2,
    VerbalWitnessed = 3,
}
