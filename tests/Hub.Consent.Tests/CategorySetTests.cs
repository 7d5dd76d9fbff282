namespace Hub.Consent.Tests;

public class CategorySetTests
{
    [Fact]
    public void Enumerates_each_category_once_in_enum_order()
    {
        var set = CategorySet.Of([DataCategory.Diagnosis, DataCategory.IdentityBasic, DataCategory.Diagnosis]);

        Assert.Equal([DataCategory.IdentityBasic, DataCategory.Diagnosis], set);
        Assert.Equal(2, set.Count);
    }

    [Theory]
    [InlineData(DataCategory.Unspecified)]
    [InlineData((DataCategory)14)]
    [InlineData((DataCategory)(-1))]
    public void Of_refuses_values_that_are_no_category(DataCategory value) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CategorySet.Of([DataCategory.SupportPlan, value]));

    [Fact]
    public void A_value_past_the_mask_width_is_not_taken_for_the_category_its_low_bits_name()
    {
        // 35 shifted as a 32-bit mask would land on bit 3, SUPPORT_PLAN.
        Assert.False(CategorySet.All.Contains((DataCategory)35));
        Assert.True(CategorySet.All.Contains(DataCategory.SupportPlan));
    }

    [Fact]
    public void All_holds_every_category_and_nothing_else()
    {
        var categories = Enum.GetValues<DataCategory>().Where(category => category != DataCategory.Unspecified);

        Assert.Equal(categories, CategorySet.All);
        Assert.False(CategorySet.All.Contains(DataCategory.Unspecified));
    }

    [Fact]
    public void Sets_are_equal_by_content()
    {
        Assert.Equal(CategorySet.Of([DataCategory.CrisisPlan, DataCategory.Medication]), CategorySet.Of([DataCategory.Medication, DataCategory.CrisisPlan]));
        Assert.NotEqual(CategorySet.Of([DataCategory.CrisisPlan]), CategorySet.Of([DataCategory.Medication]));
        Assert.True(CategorySet.Empty.IsEmpty);
        Assert.Equal("{CrisisPlan, Medication}", CategorySet.Of([DataCategory.Medication, DataCategory.CrisisPlan]).ToString());
    }
}
