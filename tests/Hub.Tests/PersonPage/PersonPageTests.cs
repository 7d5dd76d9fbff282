using System.Net;
using Hub.Client;
using Hub.Tests.Infrastructure;
using Hub.V1;

namespace Hub.Tests.PersonPage;

/// <summary>The person's own page over HTTP (P1–P3): sign-in, what it shows, withdrawal, and that a session sees only its person.</summary>
[Collection(HubCollection.Name)]
public sealed class PersonPageTests(HubFixture fixture) : IAsyncLifetime
{
    private readonly CapturedLogs _logs = fixture.Logs;
    private readonly HubServer _hub = fixture.Hub;
    private readonly PageScenario _scenario = new(fixture.Hub);

    public Task InitializeAsync() => _scenario.InitializeAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Signing_in_with_a_code_shows_the_person_s_consents_and_access_log_and_records_the_sign_in()
    {
        var (person, consent) = await PersonWithConsentAsync();
        using var browser = new PageBrowser(_hub.HttpAddress);

        using var signIn = await browser.SignInAsync(await CodeAsync(person));

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/me", signIn.Headers.Location!.OriginalString);
        var page = await browser.GetHtmlAsync("/me");
        Assert.Contains("<html lang=\"ja\">", page, StringComparison.Ordinal);
        Assert.Contains("Metropolitan Hospital", page, StringComparison.Ordinal);
        Assert.Contains("診断名", page, StringComparison.Ordinal);
        Assert.Contains("要配慮", page, StringComparison.Ordinal);
        Assert.Contains($"/me/consents/{consent.ConsentId}", page, StringComparison.Ordinal);
        Assert.Contains("わたしのページにサインイン", page, StringComparison.Ordinal);
        var signedIn = Assert.Single((await _scenario.Employment.Channel.Audit().ListAccessRecordsAsync(new ListAccessRecordsRequest
        {
            PersonId = person,
            Actions = { AuditAction.PersonSignedIn },
        })).Records);
        Assert.True(signedIn.ByPerson);
        Assert.Empty(signedIn.AccessorAgencyId);
    }

    [Fact]
    public async Task A_code_signs_in_once()
    {
        var (person, _) = await PersonWithConsentAsync();
        var code = await CodeAsync(person);
        using var first = new PageBrowser(_hub.HttpAddress);
        using var second = new PageBrowser(_hub.HttpAddress);

        using var used = await first.SignInAsync(code);
        using var replayed = await second.SignInAsync(code);

        Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.Null(second.SessionCookie);
    }

    [Fact]
    public async Task Five_wrong_tries_lock_the_code_even_for_the_right_secret()
    {
        var (person, _) = await PersonWithConsentAsync();
        var code = (await CodeAsync(person)).Replace("-", string.Empty, StringComparison.Ordinal);
        var wrong = code[..6] + (code[6] == '0' ? "1" : "0") + code[7..];
        using var browser = new PageBrowser(_hub.HttpAddress);

        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var refused = await browser.SignInAsync(wrong);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        using var locked = await browser.SignInAsync(code);

        Assert.Equal(HttpStatusCode.BadRequest, locked.StatusCode);
        Assert.Equal(5, await _hub.Database.ScalarAsync<int>($"SELECT failed_attempts FROM person_access_code WHERE handle = '{code[..6]}'"));
        Assert.Null(browser.SessionCookie);
        Assert.Contains(_logs.Lines, line => line.Contains($"Sign-in code {code[..6]} is locked after 5 wrong entries", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_code_is_read_as_typed_in_lower_case_without_dashes()
    {
        var (person, _) = await PersonWithConsentAsync();
        using var browser = new PageBrowser(_hub.HttpAddress);

        using var signIn = await browser.SignInAsync((await CodeAsync(person)).Replace("-", " ", StringComparison.Ordinal).ToLowerInvariant());

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Fact]
    public async Task The_session_cookie_is_http_only_same_site_strict_and_the_page_is_not_cached_and_allows_no_script()
    {
        var (person, _) = await PersonWithConsentAsync();
        using var browser = new PageBrowser(_hub.HttpAddress);

        using var signIn = await browser.SignInAsync(await CodeAsync(person));
        using var page = await browser.GetAsync("/me");

        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), header => header.StartsWith("hub_person_session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/me", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.True(page.Headers.CacheControl!.NoStore);
        var policy = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_a_session_every_page_sends_the_browser_to_the_sign_in_form()
    {
        using var browser = new PageBrowser(_hub.HttpAddress);

        foreach (var path in new[] { "/me", "/me/access", "/me/consents/cns_aaaaaaaaaaaaaaaaaaaaaaaaaa", "/me/consents/cns_aaaaaaaaaaaaaaaaaaaaaaaaaa/withdraw" })
        {
            using var response = await browser.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/me/sign-in", response.Headers.Location!.OriginalString);
        }
    }

    [Fact]
    public async Task Signing_out_ends_the_session_so_a_copied_cookie_opens_nothing()
    {
        var (person, _) = await PersonWithConsentAsync();
        using var browser = new PageBrowser(_hub.HttpAddress);
        await browser.SignInAsync(await CodeAsync(person));
        var copied = browser.SessionCookie!;

        using var signOut = await browser.PostFormAsync("/me", "/me/sign-out");
        using var thief = new PageBrowser(_hub.HttpAddress);
        thief.Cookies.Add(_hub.HttpAddress, new Cookie("hub_person_session", copied, "/me"));
        using var replayed = await thief.GetAsync("/me");

        Assert.Equal(HttpStatusCode.OK, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.Equal(1L, await _hub.Database.ScalarAsync<long>($"SELECT count(*) FROM person_session WHERE person_id = '{person}' AND ended_at IS NOT NULL"));
    }

    [Fact]
    public async Task A_session_idle_for_more_than_thirty_minutes_is_over()
    {
        var (person, _) = await PersonWithConsentAsync();
        using var browser = new PageBrowser(_hub.HttpAddress);
        await browser.SignInAsync(await CodeAsync(person));

        await _hub.Database.ScalarAsync<int>($"WITH idle AS (UPDATE person_session SET last_seen_at = now() - interval '31 minutes' WHERE person_id = '{person}' RETURNING 1) SELECT count(*)::int FROM idle");
        using var response = await browser.GetAsync("/me");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task Withdrawing_on_the_page_refuses_the_recipient_at_once_with_the_person_as_revoker()
    {
        var (person, consent) = await PersonWithConsentAsync();
        using var browser = new PageBrowser(_hub.HttpAddress);
        await browser.SignInAsync(await CodeAsync(person));
        var check = ConsentRequests.Check(person, Purpose.Treatment, DataCategory.Diagnosis);
        Assert.Single((await _scenario.Hospital.Channel.Consents().CheckAccessAsync(check)).PermittedCategories);

        var withdrawPage = $"/me/consents/{consent.ConsentId}/withdraw";
        using var withdrawn = await browser.PostFormAsync(withdrawPage, withdrawPage, ("reason", "I changed hospital"));

        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.Empty((await _scenario.Hospital.Channel.Consents().CheckAccessAsync(check)).PermittedCategories);
        var stored = (await _scenario.Employment.Channel.Consents().GetConsentAsync(new GetConsentRequest { ConsentId = consent.ConsentId })).Consent;
        Assert.Equal(ConsentStatus.Revoked, stored.Status);
        Assert.True(stored.RevokedByPerson);
        Assert.Equal("I changed hospital", stored.RevocationReason);
        var record = Assert.Single((await _scenario.Employment.Channel.Audit().ListAccessRecordsAsync(new ListAccessRecordsRequest
        {
            PersonId = person,
            Actions = { AuditAction.ConsentRevoked },
        })).Records);
        Assert.True(record.ByPerson);
        var detail = await browser.GetHtmlAsync(withdrawn.Headers.Location!.OriginalString);
        Assert.Contains("同意を撤回しました", detail, StringComparison.Ordinal);
        Assert.Contains("あなたが撤回しました", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_withdrawal_without_the_antiforgery_token_is_refused_and_changes_nothing()
    {
        var (person, consent) = await PersonWithConsentAsync();
        using var browser = new PageBrowser(_hub.HttpAddress);
        await browser.SignInAsync(await CodeAsync(person));

        using var forged = await browser.PostAsync($"/me/consents/{consent.ConsentId}/withdraw", ("reason", "forged"));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var stored = (await _scenario.Employment.Channel.Consents().GetConsentAsync(new GetConsentRequest { ConsentId = consent.ConsentId })).Consent;
        Assert.Equal(ConsentStatus.Active, stored.Status);
    }

    [Fact]
    public async Task Another_person_s_consent_is_the_same_404_as_a_made_up_one_on_every_page_and_action()
    {
        var (person, _) = await PersonWithConsentAsync();
        var (_, othersConsent) = await PersonWithConsentAsync();
        using var browser = new PageBrowser(_hub.HttpAddress);
        await browser.SignInAsync(await CodeAsync(person));
        var madeUp = "cns_" + new string('a', 26);

        foreach (var id in new[] { othersConsent.ConsentId, madeUp, "not-an-id" })
        {
            using var detail = await browser.GetAsync($"/me/consents/{id}");
            using var confirm = await browser.GetAsync($"/me/consents/{id}/withdraw");
            using var receipt = await browser.GetAsync($"/me/consents/{id}?handler=Receipt");
            using var withdrawalReceipt = await browser.GetAsync($"/me/consents/{id}?handler=WithdrawalReceipt");
            Assert.Equal(HttpStatusCode.NotFound, detail.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, confirm.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, receipt.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, withdrawalReceipt.StatusCode);
            Assert.Empty(await detail.Content.ReadAsStringAsync());
        }

        // A withdrawal of someone else's consent, with a valid token from the person's own form.
        using var withdraw = await browser.PostFormAsync("/me", $"/me/consents/{othersConsent.ConsentId}/withdraw", ("reason", "not mine"));
        Assert.Equal(HttpStatusCode.NotFound, withdraw.StatusCode);
        var stored = (await _scenario.Employment.Channel.Consents().GetConsentAsync(new GetConsentRequest { ConsentId = othersConsent.ConsentId })).Consent;
        Assert.Equal(ConsentStatus.Active, stored.Status);
    }

    [Fact]
    public async Task The_page_is_in_english_when_the_browser_asks_and_the_switch_remembers_the_choice()
    {
        var (person, _) = await PersonWithConsentAsync();
        using var english = new PageBrowser(_hub.HttpAddress, "en-GB,en;q=0.9");
        using var japanese = new PageBrowser(_hub.HttpAddress);
        await english.SignInAsync(await CodeAsync(person));

        var inEnglish = await english.GetHtmlAsync("/me");
        using var switched = await japanese.PostFormAsync("/me/sign-in", "/me/language", ("culture", "en"), ("returnTo", "/me/sign-in"));
        var afterSwitch = await japanese.GetHtmlAsync("/me/sign-in");

        Assert.Contains("<html lang=\"en\">", inEnglish, StringComparison.Ordinal);
        Assert.Contains("Your consents", inEnglish, StringComparison.Ordinal);
        Assert.Contains("Diagnosis", inEnglish, StringComparison.Ordinal);
        Assert.Equal("/me/sign-in", switched.Headers.Location!.OriginalString);
        Assert.Contains("Sign in to your page", afterSwitch, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_language_switch_returns_only_into_the_page()
    {
        using var browser = new PageBrowser(_hub.HttpAddress);

        using var switched = await browser.PostFormAsync("/me/sign-in", "/me/language", ("culture", "en"), ("returnTo", "//evil.example/me"));

        Assert.Equal("/me", switched.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_access_log_pages_back_by_record_number()
    {
        var (person, _) = await PersonWithConsentAsync();
        for (var read = 0; read < 60; read++)
        {
            await _scenario.Hospital.Channel.Consents().CheckAccessAsync(ConsentRequests.Check(person, Purpose.Treatment, DataCategory.Diagnosis));
            await _scenario.Employment.Channel.People().IssuePersonAccessCodeAsync(new IssuePersonAccessCodeRequest { PersonId = person });
        }

        using var browser = new PageBrowser(_hub.HttpAddress, "en");
        await browser.SignInAsync(await CodeAsync(person));

        var first = await browser.GetHtmlAsync("/me/access");
        var older = System.Text.RegularExpressions.Regex.Match(first, "href=\"(/me/access\\?before=\\d+)\"").Groups[1].Value;
        var second = await browser.GetHtmlAsync(older);

        Assert.Equal(50, System.Text.RegularExpressions.Regex.Matches(first, "<time ").Count);
        Assert.Contains("Signed in to this page", first, StringComparison.Ordinal);
        // 1 grant + 61 codes + 1 sign-in = 63 records: 13 on the second page, and no third.
        Assert.Equal(13, System.Text.RegularExpressions.Regex.Matches(second, "<time ").Count);
        Assert.DoesNotContain("rel=\"next\"", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_one_node_rendered_is_accepted_by_another_and_the_session_works_on_both()
    {
        var (person, _) = await PersonWithConsentAsync();
        await using var otherNode = await _hub.StartNodeAsync();
        using var browser = new PageBrowser(_hub.HttpAddress);

        using var signIn = await browser.PostFormAsync("/me/sign-in", new Uri(otherNode.HttpAddress, "/me/sign-in").ToString(), ("code", await CodeAsync(person)));
        using var onThisNode = await browser.GetAsync("/me");
        using var onTheOther = await browser.GetAsync(new Uri(otherNode.HttpAddress, "/me").ToString());

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onThisNode.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onTheOther.StatusCode);
        // The nodes share the key ring through the database, not through a folder of this machine.
        Assert.True(await _hub.Database.ScalarAsync<long>("SELECT count(*) FROM data_protection_key") >= 1);
    }

    [Fact]
    public async Task The_person_sees_their_meetings_with_the_agenda_and_only_the_agreements_they_confirmed()
    {
        var (person, _) = await PersonWithConsentAsync();
        await _scenario.Employment.Channel.Consents().GrantConsentAsync(MeetingRequests.CareCoordination(person, _scenario.Hospital.AgencyId));
        var upcoming = (await _scenario.Employment.Channel.Meetings().ScheduleMeetingAsync(MeetingRequests.Schedule(person, 7, _scenario.Hospital.AgencyId))).Meeting;
        var held = (await _scenario.Employment.Channel.Meetings().ScheduleMeetingAsync(MeetingRequests.Schedule(person, 9, _scenario.Hospital.AgencyId))).Meeting;
        await MeetingRequests.StartedAsync(_hub.Database, held.MeetingId, TimeSpan.FromDays(2));
        await _scenario.Employment.Channel.Meetings().RecordOutcomeAsync(new RecordOutcomeRequest
        {
            MeetingId = held.MeetingId,
            Agreements =
            {
                new Agreement { Text = "Work 4 hours a day for the next month", ConfirmedByPerson = true, PersonWords = "4時間なら続けられそう" },
                new Agreement { Text = "Not yet read back", ConfirmedByPerson = false },
            },
        });
        using var browser = await _scenario.SignedInAsync(person, "en");

        var page = await browser.GetHtmlAsync("/me");

        var upcomingAt = page.IndexOf("<h3>Upcoming</h3>", StringComparison.Ordinal);
        var pastAt = page.IndexOf("<h3>Past</h3>", StringComparison.Ordinal);
        Assert.True(upcomingAt > 0 && pastAt > upcomingAt, "both sections, upcoming first");
        Assert.Contains("How the first month at work went (20 min)", page[upcomingAt..pastAt], StringComparison.Ordinal);
        Assert.Contains("Welfare office, meeting room 2", page, StringComparison.Ordinal);
        var past = page[pastAt..];
        Assert.Contains("Held", past, StringComparison.Ordinal);
        Assert.Contains("Work 4 hours a day for the next month", past, StringComparison.Ordinal);
        Assert.Contains("4時間なら続けられそう", past, StringComparison.Ordinal);
        Assert.DoesNotContain("Not yet read back", page, StringComparison.Ordinal);
        Assert.Contains("Next review", past, StringComparison.Ordinal);
        Assert.NotEqual(upcoming.MeetingId, held.MeetingId);
    }

    private Task<(string Person, V1.Consent Consent)> PersonWithConsentAsync() => _scenario.PersonWithConsentAsync();

    private Task<string> CodeAsync(string person) => _scenario.CodeAsync(person);
}
