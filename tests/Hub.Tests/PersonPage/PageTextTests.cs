using Hub.PersonPage;
using Hub.V1;

namespace Hub.Tests.PersonPage;

public sealed class PageTextTests
{
    public static TheoryData<string> Languages => ["ja", "en"];

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_value_the_page_shows_has_a_plain_name_in_each_language(string language)
    {
        var text = language == "en" ? PageText.InEnglish : PageText.InJapanese;

        AssertNamed(text.CategoryNames, skipUnspecified: true);
        AssertNamed(text.PurposeNames, skipUnspecified: false);
        AssertNamed(text.StatusNames, skipUnspecified: true);
        AssertNamed(text.GrantorNames, skipUnspecified: true);
        AssertNamed(text.CollectionNames, skipUnspecified: true);
        AssertNamed(text.ActionNames, skipUnspecified: false);
        AssertNamed(text.MeetingStatusNames, skipUnspecified: true);
        AssertNamed(text.ParticipationNames, skipUnspecified: true);
        Assert.Equal(language, text.Language);
    }

    [Fact]
    public void The_two_languages_say_different_things()
    {
        Assert.NotEqual(PageText.InJapanese.ConsentsTitle, PageText.InEnglish.ConsentsTitle);
        Assert.NotEqual(PageText.InJapanese.CategoryNames[DataCategory.Diagnosis], PageText.InEnglish.CategoryNames[DataCategory.Diagnosis]);
    }

    private static void AssertNamed<TEnum>(IReadOnlyDictionary<TEnum, string> names, bool skipUnspecified)
        where TEnum : struct, Enum
    {
        foreach (var value in Enum.GetValues<TEnum>().Where(value => !skipUnspecified || Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) != 0))
        {
            Assert.True(names.TryGetValue(value, out var name) && name.Length > 0, $"{typeof(TEnum).Name}.{value} has no name");
        }
    }
}
