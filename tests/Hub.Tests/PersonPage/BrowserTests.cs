using Deque.AxeCore.Playwright;
using Hub.Client;
using Hub.Tests.Infrastructure;
using Hub.V1;
using Microsoft.Playwright;

namespace Hub.Tests.PersonPage;

/// <summary>The person's page in Debian's chromium, as the person uses it: on a phone, by keyboard, in Japanese and English.</summary>
[Collection(HubCollection.Name)]
public sealed class BrowserTests(HubFixture fixture, Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private readonly HubServer _hub = fixture.Hub;
    private TestAgency _employment = null!;
    private TestAgency _hospital = null!;
    private TestAgency _school = null!;

    public async Task InitializeAsync()
    {
        _employment = await _hub.RegisterAgencyAsync("就労支援センターみなと", AgencyKind.Employment);
        _hospital = await _hub.RegisterAgencyAsync("みなと総合病院", AgencyKind.Medical);
        _school = await _hub.RegisterAgencyAsync("みなと特別支援学校", AgencyKind.School);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_person_signs_in_sees_consents_and_access_log_and_a_withdrawal_refuses_the_recipient_at_once()
    {
        var (person, _) = await PersonWithConsentAsync();
        await _hospital.Channel.Consents().CheckAccessAsync(ConsentRequests.Check(person, Purpose.Treatment, DataCategory.Diagnosis));
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();

        await SignInAsync(page, person, screenshot: "sign-in");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "わたしの同意" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("みなと総合病院 — 治療")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("診断名").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "わたしの情報を見た記録" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("みなと総合病院 — 閲覧しようとして拒否された").Or(page.GetByText("サインインコードを発行")).First).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "my-page");

        await page.GetByRole(AriaRole.Link, new() { Name = "撤回する" }).First.ClickAsync();
        await page.GetByLabel("理由（書かなくてもかまいません）").FillAsync("病院を変えたため");
        await Chromium.ScreenshotAsync(page, "withdraw");
        await page.GetByRole(AriaRole.Button, new() { Name = "撤回する" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("同意を撤回しました。");
        await Assertions.Expect(page.GetByText("撤回済み")).ToBeVisibleAsync();
        var decision = await _hospital.Channel.Consents().CheckAccessAsync(ConsentRequests.Check(person, Purpose.Treatment, DataCategory.Diagnosis));
        Assert.Empty(decision.PermittedCategories);
        Assert.Equal(DenialReason.ConsentRevoked, Assert.Single(decision.Denied).Reason);
        await Chromium.ScreenshotAsync(page, "consent-withdrawn");
    }

    [Fact]
    public async Task The_person_approves_one_request_which_check_access_then_permits_and_declines_another()
    {
        var person = await RegisterAsync("1994-09-12");
        var toApprove = await RequestAsync(person, _hospital, Purpose.Treatment, DataCategory.IdentityBasic, DataCategory.Diagnosis);
        var toDecline = await RequestAsync(person, _school, Purpose.EducationSupport, DataCategory.EducationRecord);
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInAsync(page, person);

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "回答を待っている同意のお願い" })).ToBeVisibleAsync();
        await page.GotoAsync($"{_hub.HttpAddress}me/requests/{toApprove}");
        await Chromium.ScreenshotAsync(page, "consent-request");
        await page.GetByRole(AriaRole.Button, new() { Name = "同意する" }).ClickAsync();
        // The browser itself holds the approval back until the sensitive category is ticked.
        Assert.EndsWith($"/me/requests/{toApprove}", page.Url, StringComparison.Ordinal);
        await page.GetByLabel("診断名").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "同意する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("同意しました。");

        var permitted = await _hospital.Channel.Consents().CheckAccessAsync(ConsentRequests.Check(person, Purpose.Treatment, DataCategory.Diagnosis));
        Assert.Equal([DataCategory.Diagnosis], permitted.PermittedCategories);

        await page.GotoAsync($"{_hub.HttpAddress}me/requests/{toDecline}");
        await page.GetByRole(AriaRole.Button, new() { Name = "断る" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("お断りしました。");
        var declined = (await _employment.Channel.Consents().GetConsentAsync(new GetConsentRequest { ConsentId = toDecline })).Consent;
        Assert.Equal(ConsentStatus.Declined, declined.Status);
    }

    [Fact]
    public async Task A_downloaded_receipt_verifies_with_the_published_receipt_key()
    {
        var (person, consentId) = await PersonWithConsentAsync();
        await using var context = await chromium.NewContextAsync(desktop: true);
        var page = await context.NewPageAsync();
        await SignInAsync(page, person);
        await page.GotoAsync($"{_hub.HttpAddress}me/consents/{consentId}");
        await Chromium.ScreenshotAsync(page, "consent-detail");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "同意の控えをダウンロード" }).ClickAsync());
        var path = await download.PathAsync();
        var receipt = await PublishedReceiptKeys.VerifyAsync(_hub.HttpAddress, await File.ReadAllTextAsync(path));

        Assert.NotNull(receipt);
        Assert.Equal(consentId, (string?)receipt["consent_record_id"]);
        Assert.EndsWith(".jws", download.SuggestedFilename, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_wrong_codes_lock_the_code()
    {
        var person = await RegisterAsync("1990-01-20");
        var code = await CodeAsync(person);
        var wrong = code[..^1] + (code[^1] == '0' ? "1" : "0");
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{_hub.HttpAddress}me/sign-in");

        for (var attempt = 0; attempt < 5; attempt++)
        {
            await page.GetByLabel("サインインコード").FillAsync(wrong);
            await page.GetByRole(AriaRole.Button, new() { Name = "サインイン" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("コードが正しくないか");
        }

        await page.GetByLabel("サインインコード").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("コードが正しくないか");
        await Chromium.ScreenshotAsync(page, "sign-in-refused");
        Assert.EndsWith("/me/sign-in", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_whole_flow_works_by_keyboard_alone()
    {
        var (person, consentId) = await PersonWithConsentAsync();
        var code = await CodeAsync(person);
        await using var context = await chromium.NewContextAsync(desktop: true);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{_hub.HttpAddress}me/sign-in");

        await TabToAsync(page, "#code");
        await page.Keyboard.TypeAsync(code);
        await PressEnterAndWaitAsync(page, "**/me");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "わたしのページ", Exact = true })).ToBeVisibleAsync();

        await TabToAsync(page, $"a[href='/me/consents/{consentId}/withdraw']");
        await PressEnterAndWaitAsync(page, "**/withdraw");
        await TabToAsync(page, "#reason");
        await page.Keyboard.TypeAsync("キーボードだけで撤回");
        await TabToAsync(page, "button.danger");
        await PressEnterAndWaitAsync(page, "**/me/consents/*?done=withdrawn");

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("同意を撤回しました。");
        await TabToAsync(page, "form[action='/me/sign-out'] button");
        await PressEnterAndWaitAsync(page, "**/me/sign-out");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "サインアウトしました。" })).ToBeVisibleAsync();
        var consent = (await _employment.Channel.Consents().GetConsentAsync(new GetConsentRequest { ConsentId = consentId })).Consent;
        Assert.Equal("キーボードだけで撤回", consent.RevocationReason);
    }

    [Fact]
    public async Task The_page_is_english_for_an_english_browser_and_the_switch_changes_language()
    {
        var (person, _) = await PersonWithConsentAsync();
        await using var english = await chromium.NewContextAsync("en-GB");
        var page = await english.NewPageAsync();
        await SignInAsync(page, person, label: "Sign-in code", button: "Sign in");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your consents" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Diagnosis").First).ToBeVisibleAsync();
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        await Chromium.ScreenshotAsync(page, "my-page-en");

        await page.GetByRole(AriaRole.Button, new() { Name = "日本語" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "わたしの同意" })).ToBeVisibleAsync();
        Assert.Equal("ja", await page.GetAttributeAsync("html", "lang"));
    }

    [Fact]
    public async Task The_pages_have_no_serious_accessibility_violations()
    {
        var person = await RegisterAsync("1993-03-03");
        await GrantAsync(person);
        var request = await RequestAsync(person, _school, Purpose.EducationSupport, DataCategory.EducationRecord, DataCategory.TraumaHistory);
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{_hub.HttpAddress}me/sign-in");
        await AssertAccessibleAsync(page);
        await SignInAsync(page, person);

        foreach (var path in new[] { "me", "me/access", $"me/requests/{request}" })
        {
            await page.GotoAsync($"{_hub.HttpAddress}{path}");
            await AssertAccessibleAsync(page);
        }
    }

    private static async Task AssertAccessibleAsync(IPage page)
    {
        var results = await page.RunAxe();
        var serious = results.Violations.Where(violation => violation.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{page.Url}: " + string.Join("; ", serious.Select(violation => $"{violation.Id}: {violation.Help}")));
    }

    /// <summary>Enter, then the page it leads to, before the next key goes anywhere.</summary>
    private static async Task PressEnterAndWaitAsync(IPage page, string urlGlob)
    {
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(urlGlob);
    }

    /// <summary>Presses Tab until the element <paramref name="selector"/> names has the focus.</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var press = 0; press < 60; press++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("selector => document.activeElement?.matches(selector) ?? false", selector))
            {
                return;
            }
        }

        Assert.Fail($"Tab never reached {selector} on {page.Url}");
    }

    private async Task SignInAsync(IPage page, string person, string? screenshot = null, string label = "サインインコード", string button = "サインイン")
    {
        var code = await CodeAsync(person);
        await page.GotoAsync($"{_hub.HttpAddress}me");
        Assert.EndsWith("/me/sign-in", page.Url, StringComparison.Ordinal);
        await page.GetByLabel(label).FillAsync(code);
        if (screenshot is not null)
        {
            await Chromium.ScreenshotAsync(page, screenshot);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
        await page.WaitForURLAsync($"{_hub.HttpAddress}me");
    }

    private async Task<(string Person, string ConsentId)> PersonWithConsentAsync()
    {
        var person = await RegisterAsync("1992-11-02");
        return (person, await GrantAsync(person));
    }

    private async Task<string> GrantAsync(string person) =>
        (await _employment.Channel.Consents().GrantConsentAsync(
            ConsentRequests.Grant(person, _hospital.AgencyId, Purpose.Treatment, DataCategory.IdentityBasic, DataCategory.Diagnosis))).Consent.ConsentId;

    private async Task<string> RequestAsync(string person, TestAgency recipient, Purpose purpose, params DataCategory[] categories) =>
        (await _employment.Channel.Consents().RequestConsentAsync(new RequestConsentRequest
        {
            PersonId = person,
            RecipientAgencyId = recipient.AgencyId,
            Purpose = purpose,
            Categories = { categories },
            ExpiresAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddYears(1)),
            Explanation = "次回のケース会議で、支援の方針を一緒に考えるためです。",
        })).Consent.ConsentId;

    private async Task<string> RegisterAsync(string birthDate) =>
        (await _employment.Channel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = birthDate })).Person.PersonId;

    private async Task<string> CodeAsync(string person) =>
        (await _employment.Channel.People().IssuePersonAccessCodeAsync(new IssuePersonAccessCodeRequest { PersonId = person })).Code;
}
