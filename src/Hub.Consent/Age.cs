namespace Hub.Consent;

/// <summary>A person's age as the consent rules (C6) and the meeting rules (M4) count it.</summary>
public static class Age
{
    /// <summary>
    /// Completed years on <paramref name="date"/>. A year is completed on the birthday itself; someone born
    /// on 29 February completes it on 1 March in a common year, once 28 February has ended, as Japanese law
    /// counts age (年齢計算ニ関スル法律 with 民法 143).
    /// </summary>
    public static int InYears(DateOnly birthDate, DateOnly date)
    {
        var years = date.Year - birthDate.Year;
        var beforeBirthday = date.Month < birthDate.Month || (date.Month == birthDate.Month && date.Day < birthDate.Day);
        return beforeBirthday ? years - 1 : years;
    }
}
