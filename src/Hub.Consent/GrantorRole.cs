namespace Hub.Consent;

/// <summary>Who gave the consent (DESIGN §3 <c>hub.v1.GrantorRole</c>; the numbers are the proto's).</summary>
public enum GrantorRole
{
    Unspecified = 0,
    Subject = 1,
    LegalGuardian = 2,
    Representative = 3,
}
