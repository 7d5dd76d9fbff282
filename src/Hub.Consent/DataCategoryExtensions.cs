using System.Text;

namespace Hub.Consent;

public static class DataCategoryExtensions
{
    /// <summary>
    /// C4: the categories a person must consent to one by one (seeds: 診断名, トラウマ歴, 性的指向 are
    /// consented in a separate clause and shared only as far as necessary).
    /// </summary>
    public static bool IsSensitive(this DataCategory category) => category is DataCategory.Diagnosis
        or DataCategory.Medication
        or DataCategory.TraumaHistory
        or DataCategory.SexualOrientationGenderIdentity;

    /// <summary>
    /// The category as the API spells it (DATA_CATEGORY_DIAGNOSIS), for messages partners read; a
    /// number that names no category is written as the number.
    /// </summary>
    public static string ApiName(this DataCategory category)
    {
        if (!Enum.IsDefined(category))
        {
            return ((int)category).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var name = new StringBuilder("DATA_CATEGORY");
        foreach (var c in category.ToString())
        {
            if (char.IsUpper(c))
            {
                name.Append('_');
            }

            name.Append(char.ToUpperInvariant(c));
        }

        return name.ToString();
    }
}
