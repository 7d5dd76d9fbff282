using System.Globalization;
using Hub.V1;
using NodaTime;

namespace Hub.PersonPage;

/// <summary>
/// Every text of the person's page, in Japanese (the default) and English. A typed record rather than
/// resource files: a text missing in one language is a compile error, and the enum tables are checked
/// for completeness by a test.
/// </summary>
internal sealed record PageText
{
    public static readonly CultureInfo Japanese = CultureInfo.GetCultureInfo("ja");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    /// <summary>By the culture's name: without ICU a culture carries no language data, only its name.</summary>
    public static PageText For(CultureInfo culture) => culture.Name == English.Name ? InEnglish : InJapanese;

    public required string Language { get; init; }
    public required string DateFormat { get; init; }
    public required string SiteName { get; init; }
    public required string SkipToContent { get; init; }
    public required string LanguageSwitch { get; init; }
    public required string SignOut { get; init; }
    public required string SignInTitle { get; init; }
    public required string SignInIntro { get; init; }
    public required string CodeLabel { get; init; }
    public required string CodeHint { get; init; }
    public required string SignInButton { get; init; }
    public required string SignInRefused { get; init; }
    public required string SignInTooMany { get; init; }
    public required string SignedOut { get; init; }
    public required string MyPage { get; init; }
    public required string GuardianNote { get; init; }
    public required string RequestsTitle { get; init; }
    public required string RequestsIntro { get; init; }
    public required string ConsentsTitle { get; init; }
    public required string ConsentsIntro { get; init; }
    public required string NoConsents { get; init; }
    public required string Recipient { get; init; }
    public required string Purpose { get; init; }
    public required string Categories { get; init; }
    public required string Sensitive { get; init; }
    public required string Sources { get; init; }
    public required string AllSources { get; init; }
    public required string Period { get; init; }
    public required string Status { get; init; }
    public required string RecordedBy { get; init; }
    public required string GivenBy { get; init; }
    public required string How { get; init; }
    public required string WithdrawnOn { get; init; }
    public required string WithdrawnByYou { get; init; }
    public required string Reason { get; init; }
    public required string Details { get; init; }
    public required string AccessTitle { get; init; }
    public required string AccessIntro { get; init; }
    public required string NoAccess { get; init; }
    public required string SeeAllAccess { get; init; }
    public required string OlderRecords { get; init; }
    public required string NewestRecords { get; init; }
    public required string When { get; init; }
    public required string Who { get; init; }
    public required string What { get; init; }
    public required string Why { get; init; }
    public required string UnderConsent { get; init; }
    public required string BreakGlass { get; init; }
    public required string Justification { get; init; }
    public required string You { get; init; }
    public required string MeetingsTitle { get; init; }
    public required string NoMeetings { get; init; }
    public required string Upcoming { get; init; }
    public required string Past { get; init; }
    public required string Coordinator { get; init; }
    public required string Participants { get; init; }
    public required string Place { get; init; }
    public required string Online { get; init; }
    public required string Agenda { get; init; }
    public required string Minutes { get; init; }
    public required string YourAgreements { get; init; }
    public required string YourWords { get; init; }
    public required string NextReview { get; init; }
    public required string WithdrawTitle { get; init; }
    public required string WithdrawIntro { get; init; }
    public required string WithdrawReasonLabel { get; init; }
    public required string WithdrawButton { get; init; }
    public required string WithdrawDone { get; init; }
    public required string Withdraw { get; init; }
    public required string Cancel { get; init; }
    public required string ReviewRequest { get; init; }
    public required string RequestedBy { get; init; }
    public required string Approve { get; init; }
    public required string Decline { get; init; }
    public required string ApproveDone { get; init; }
    public required string WhyAsked { get; init; }
    public required string FromApproval { get; init; }
    public required string AcknowledgeSensitive { get; init; }
    public required string AcknowledgeSensitiveHint { get; init; }
    public required string ApproveNeedsSensitive { get; init; }
    public required string RequestAnswered { get; init; }
    public required string DeclineDone { get; init; }
    public required string ReceiptsTitle { get; init; }
    public required string ConsentReceipt { get; init; }
    public required string WithdrawalReceipt { get; init; }
    public required string DisclosureReceipt { get; init; }
    public required string DisclosuresTitle { get; init; }
    public required string NoDisclosures { get; init; }
    public required string VerifyReceipts { get; init; }
    public required string BackToMyPage { get; init; }
    public required string ConsentGone { get; init; }
    public required IReadOnlyDictionary<DataCategory, string> CategoryNames { get; init; }
    public required IReadOnlyDictionary<Purpose, string> PurposeNames { get; init; }
    public required IReadOnlyDictionary<ConsentStatus, string> StatusNames { get; init; }
    public required IReadOnlyDictionary<GrantorRole, string> GrantorNames { get; init; }
    public required IReadOnlyDictionary<CollectionMethod, string> CollectionNames { get; init; }
    public required IReadOnlyDictionary<AuditAction, string> ActionNames { get; init; }
    public required IReadOnlyDictionary<MeetingStatus, string> MeetingStatusNames { get; init; }
    public required IReadOnlyDictionary<ParticipationStatus, string> ParticipationNames { get; init; }

    public string Date(DateTimeOffset instant, DateTimeZone zone) =>
        Instant.FromDateTimeOffset(instant).InZone(zone).ToDateTimeOffset().ToString(DateFormat, CultureInfo.InvariantCulture);

    public string Date(DateOnly date) => date.ToString(DateFormat.Split(' ')[0].TrimEnd(','), CultureInfo.InvariantCulture);

    public static readonly PageText InJapanese = new()
    {
        Language = "ja",
        DateFormat = "yyyy年M月d日 H:mm",
        SiteName = "支援機関連携ハブ",
        SkipToContent = "本文へ移動",
        LanguageSwitch = "English",
        SignOut = "サインアウト",
        SignInTitle = "わたしのページにサインイン",
        SignInIntro = "支援機関から受け取った一回限りのコードを入力してください。コードは発行から15分間、1回だけ使えます。",
        CodeLabel = "サインインコード",
        CodeHint = "18文字（ハイフンはあってもなくてもかまいません）",
        SignInButton = "サインイン",
        SignInRefused = "コードが正しくないか、期限切れか、すでに使われています。支援機関に新しいコードを依頼してください。",
        SignInTooMany = "試行回数が多すぎます。しばらくしてからもう一度お試しください。",
        SignedOut = "サインアウトしました。",
        MyPage = "わたしのページ",
        GuardianNote = "法定代理人（保護者）としてサインインしています。",
        RequestsTitle = "回答を待っている同意のお願い",
        RequestsIntro = "支援機関があなたの同意を求めています。内容を確認して、同意するか断るかを選んでください。",
        ConsentsTitle = "わたしの同意",
        ConsentsIntro = "どの機関が、何のために、どの情報を、いつまで見てよいか。いつでも撤回できます。",
        NoConsents = "記録された同意はありません。",
        Recipient = "見てよい機関",
        Purpose = "目的",
        Categories = "情報の種類",
        Sensitive = "要配慮",
        Sources = "どの機関の情報か",
        AllSources = "すべての機関",
        Period = "期間",
        Status = "状態",
        RecordedBy = "記録した機関",
        GivenBy = "同意した人",
        How = "方法",
        WithdrawnOn = "撤回日時",
        WithdrawnByYou = "あなたが撤回しました",
        Reason = "理由",
        Details = "詳しく見る",
        AccessTitle = "わたしの情報を見た記録",
        AccessIntro = "いつ、どの機関が、どの情報を、何のために、どの同意にもとづいて扱ったか。",
        NoAccess = "記録はまだありません。",
        SeeAllAccess = "すべての記録を見る",
        OlderRecords = "さらに前の記録",
        NewestRecords = "最新の記録へ",
        When = "日時",
        Who = "機関",
        What = "内容",
        Why = "目的",
        UnderConsent = "もとにした同意",
        BreakGlass = "緊急時の閲覧（同意なし）",
        Justification = "理由",
        You = "あなた",
        MeetingsTitle = "わたしのケース会議",
        NoMeetings = "ケース会議の予定や記録はありません。",
        Upcoming = "これからの会議",
        Past = "これまでの会議",
        Coordinator = "呼びかけた機関",
        Participants = "参加する機関",
        Place = "場所",
        Online = "オンライン",
        Agenda = "議題",
        Minutes = "分",
        YourAgreements = "あなたが確認した合意",
        YourWords = "あなたの言葉",
        NextReview = "次の見直し",
        WithdrawTitle = "同意を撤回する",
        WithdrawIntro = "撤回すると、この機関はすぐにこの同意にもとづく情報を見られなくなります。撤回は取り消せません。もう一度共有するには新しい同意が必要です。",
        WithdrawReasonLabel = "理由（書かなくてもかまいません）",
        WithdrawButton = "撤回する",
        WithdrawDone = "同意を撤回しました。",
        Withdraw = "撤回する",
        Cancel = "やめる",
        ReviewRequest = "内容を確認する",
        RequestedBy = "依頼した機関",
        Approve = "同意する",
        Decline = "断る",
        ApproveDone = "同意しました。",
        WhyAsked = "お願いの理由",
        FromApproval = "同意した時から",
        AcknowledgeSensitive = "要配慮の情報について、ひとつずつ同意を確認してください",
        AcknowledgeSensitiveHint = "次の情報は特に慎重に扱われる情報です。共有してよいものにだけチェックを入れてください。すべてにチェックがないと同意できません。",
        ApproveNeedsSensitive = "要配慮の情報すべてにチェックを入れると同意できます。共有したくない場合は「断る」を選んでください。",
        RequestAnswered = "このお願いにはすでに回答しています。",
        DeclineDone = "お断りしました。",
        ReceiptsTitle = "控え（レシート）",
        ConsentReceipt = "同意の控えをダウンロード",
        WithdrawalReceipt = "撤回の控えをダウンロード",
        DisclosureReceipt = "閲覧の控え",
        DisclosuresTitle = "この同意にもとづく閲覧",
        NoDisclosures = "この同意にもとづく閲覧はまだありません。",
        VerifyReceipts = "控えはハブの署名つきの文書（JWS）です。ハブが公開している控え用の鍵（{0}）で、何年たっても、誰でも本物かどうかを確かめられます。控えの先頭部分に書かれた鍵の名前（kid）と同じ鍵を公開鍵の一覧から選び、一般的なJWSの検証ツールで署名を確かめてください。",
        BackToMyPage = "わたしのページに戻る",
        ConsentGone = "この同意は撤回または期限切れのため、操作できません。",
        CategoryNames = new Dictionary<DataCategory, string>
        {
            [DataCategory.IdentityBasic] = "基本情報（氏名・連絡先など）",
            [DataCategory.EmploymentStatus] = "就労の状況",
            [DataCategory.SupportPlan] = "支援計画",
            [DataCategory.WorkplaceAccommodations] = "職場での配慮",
            [DataCategory.DailyReports] = "日々の記録",
            [DataCategory.LivingSituation] = "生活の状況",
            [DataCategory.FamilySituation] = "家族の状況",
            [DataCategory.EducationRecord] = "学校での記録",
            [DataCategory.CrisisPlan] = "緊急時の対応計画",
            [DataCategory.Diagnosis] = "診断名",
            [DataCategory.Medication] = "服薬",
            [DataCategory.TraumaHistory] = "つらい体験（トラウマ）",
            [DataCategory.SexualOrientationGenderIdentity] = "性的指向・性自認",
        },
        PurposeNames = new Dictionary<Purpose, string>
        {
            [V1.Purpose.EmploymentSupport] = "就労支援",
            [V1.Purpose.CareCoordination] = "支援の連携（ケース会議）",
            [V1.Purpose.Treatment] = "治療",
            [V1.Purpose.EducationSupport] = "教育の支援",
            [V1.Purpose.WelfareServicePlanning] = "福祉サービスの計画",
            [V1.Purpose.Emergency] = "緊急時",
            [V1.Purpose.Unspecified] = "—",
        },
        StatusNames = new Dictionary<ConsentStatus, string>
        {
            [ConsentStatus.Pending] = "開始前",
            [ConsentStatus.Active] = "有効",
            [ConsentStatus.Expired] = "期限切れ",
            [ConsentStatus.Revoked] = "撤回済み",
            [ConsentStatus.Requested] = "回答待ち",
            [ConsentStatus.Declined] = "お断り済み",
        },
        GrantorNames = new Dictionary<GrantorRole, string>
        {
            [GrantorRole.Subject] = "本人",
            [GrantorRole.LegalGuardian] = "法定代理人（保護者）",
            [GrantorRole.Representative] = "代理人",
        },
        CollectionNames = new Dictionary<CollectionMethod, string>
        {
            [CollectionMethod.Written] = "書面",
            [CollectionMethod.Electronic] = "電子（このページ）",
            [CollectionMethod.VerbalWitnessed] = "口頭（立会いあり）",
        },
        ActionNames = new Dictionary<AuditAction, string>
        {
            [AuditAction.ConsentGranted] = "同意を記録",
            [AuditAction.ConsentRevoked] = "同意を撤回",
            [AuditAction.DataDisclosed] = "情報を閲覧",
            [AuditAction.CaseSummaryPublished] = "支援記録を更新",
            [AuditAction.ReadRefused] = "閲覧しようとして拒否された",
            [AuditAction.MeetingDisclosed] = "ケース会議の案内を受け取った",
            [AuditAction.EventAcknowledged] = "撤回などの通知を確認した",
            [AuditAction.AccessCodeIssued] = "サインインコードを発行",
            [AuditAction.PersonSignedIn] = "わたしのページにサインイン",
            [AuditAction.ConsentRequested] = "同意をお願いした",
            [AuditAction.ConsentRequestDeclined] = "同意のお願いを断った",
            [AuditAction.Unspecified] = "—",
        },
        MeetingStatusNames = new Dictionary<MeetingStatus, string>
        {
            [MeetingStatus.Scheduled] = "予定",
            [MeetingStatus.Cancelled] = "中止",
            [MeetingStatus.Held] = "開催済み",
        },
        ParticipationNames = new Dictionary<ParticipationStatus, string>
        {
            [ParticipationStatus.NeedsAction] = "未回答",
            [ParticipationStatus.Accepted] = "参加",
            [ParticipationStatus.Declined] = "欠席",
            [ParticipationStatus.Tentative] = "未定",
            [ParticipationStatus.ConsentWithdrawn] = "同意の撤回により参加取りやめ",
        },
    };

    public static readonly PageText InEnglish = new()
    {
        Language = "en",
        DateFormat = "d MMM yyyy, HH:mm",
        SiteName = "Interop Hub",
        SkipToContent = "Skip to content",
        LanguageSwitch = "日本語",
        SignOut = "Sign out",
        SignInTitle = "Sign in to your page",
        SignInIntro = "Enter the one-time code your support agency gave you. A code works once, for 15 minutes after it was issued.",
        CodeLabel = "Sign-in code",
        CodeHint = "18 characters (with or without the dashes)",
        SignInButton = "Sign in",
        SignInRefused = "The code is wrong, has expired or was already used. Ask your agency for a new one.",
        SignInTooMany = "Too many attempts. Please wait a while and try again.",
        SignedOut = "You have signed out.",
        MyPage = "Your page",
        GuardianNote = "You are signed in as the legal guardian.",
        RequestsTitle = "Consent requests waiting for your answer",
        RequestsIntro = "An agency asks for your consent. Read what it asks for, then approve or decline.",
        ConsentsTitle = "Your consents",
        ConsentsIntro = "Which agency may see what, for which purpose, until when. You can withdraw any of them at any time.",
        NoConsents = "No consent has been recorded.",
        Recipient = "Who may see it",
        Purpose = "Purpose",
        Categories = "Information",
        Sensitive = "sensitive",
        Sources = "From which agencies",
        AllSources = "All agencies",
        Period = "Period",
        Status = "Status",
        RecordedBy = "Recorded by",
        GivenBy = "Given by",
        How = "How",
        WithdrawnOn = "Withdrawn on",
        WithdrawnByYou = "You withdrew it",
        Reason = "Reason",
        Details = "Details",
        AccessTitle = "Who accessed your data",
        AccessIntro = "When, which agency, which information, for what purpose and under which consent.",
        NoAccess = "Nothing recorded yet.",
        SeeAllAccess = "See the whole record",
        OlderRecords = "Older records",
        NewestRecords = "Newest records",
        When = "When",
        Who = "Agency",
        What = "What",
        Why = "Purpose",
        UnderConsent = "Under consent",
        BreakGlass = "Emergency access (without consent)",
        Justification = "Justification",
        You = "You",
        MeetingsTitle = "Your case meetings",
        NoMeetings = "No case meetings.",
        Upcoming = "Upcoming",
        Past = "Past",
        Coordinator = "Convened by",
        Participants = "Taking part",
        Place = "Place",
        Online = "Online",
        Agenda = "Agenda",
        Minutes = "min",
        YourAgreements = "Agreements you confirmed",
        YourWords = "In your words",
        NextReview = "Next review",
        WithdrawTitle = "Withdraw a consent",
        WithdrawIntro = "Once you withdraw it, the agency can no longer see anything under this consent, at once. A withdrawal can't be undone; sharing again needs a new consent.",
        WithdrawReasonLabel = "Reason (optional)",
        WithdrawButton = "Withdraw",
        WithdrawDone = "The consent is withdrawn.",
        Withdraw = "Withdraw",
        Cancel = "Cancel",
        ReviewRequest = "Review",
        RequestedBy = "Requested by",
        Approve = "Approve",
        Decline = "Decline",
        ApproveDone = "You approved the request.",
        WhyAsked = "Why the agency asks",
        FromApproval = "From when you approve",
        AcknowledgeSensitive = "Confirm each sensitive kind of information separately",
        AcknowledgeSensitiveHint = "The following information is handled with special care. Tick each one you agree to share; you can approve only when all are ticked.",
        ApproveNeedsSensitive = "Tick every sensitive kind of information to approve. If you do not want to share it, choose Decline.",
        RequestAnswered = "You have already answered this request.",
        DeclineDone = "You declined the request.",
        ReceiptsTitle = "Receipts",
        ConsentReceipt = "Download the consent receipt",
        WithdrawalReceipt = "Download the withdrawal receipt",
        DisclosureReceipt = "Receipt",
        DisclosuresTitle = "Access under this consent",
        NoDisclosures = "Nothing has been read under this consent yet.",
        VerifyReceipts = "A receipt is a document signed by the hub (a compact JWS). Anyone can check it is genuine, even years from now, with the receipt keys the hub publishes at {0}: take the key whose kid matches the one in the receipt's header and check the signature with any JWS tool.",
        BackToMyPage = "Back to your page",
        ConsentGone = "This consent is withdrawn or has ended; there is nothing left to do with it.",
        CategoryNames = new Dictionary<DataCategory, string>
        {
            [DataCategory.IdentityBasic] = "Basic identity (name, contact details)",
            [DataCategory.EmploymentStatus] = "Employment status",
            [DataCategory.SupportPlan] = "Support plan",
            [DataCategory.WorkplaceAccommodations] = "Workplace accommodations",
            [DataCategory.DailyReports] = "Daily reports",
            [DataCategory.LivingSituation] = "Living situation",
            [DataCategory.FamilySituation] = "Family situation",
            [DataCategory.EducationRecord] = "School records",
            [DataCategory.CrisisPlan] = "Crisis plan",
            [DataCategory.Diagnosis] = "Diagnosis",
            [DataCategory.Medication] = "Medication",
            [DataCategory.TraumaHistory] = "Trauma history",
            [DataCategory.SexualOrientationGenderIdentity] = "Sexual orientation and gender identity",
        },
        PurposeNames = new Dictionary<Purpose, string>
        {
            [V1.Purpose.EmploymentSupport] = "Employment support",
            [V1.Purpose.CareCoordination] = "Coordinating your support (case meetings)",
            [V1.Purpose.Treatment] = "Treatment",
            [V1.Purpose.EducationSupport] = "Education support",
            [V1.Purpose.WelfareServicePlanning] = "Planning welfare services",
            [V1.Purpose.Emergency] = "Emergency",
            [V1.Purpose.Unspecified] = "—",
        },
        StatusNames = new Dictionary<ConsentStatus, string>
        {
            [ConsentStatus.Pending] = "Not started yet",
            [ConsentStatus.Active] = "In effect",
            [ConsentStatus.Expired] = "Expired",
            [ConsentStatus.Revoked] = "Withdrawn",
            [ConsentStatus.Requested] = "Awaiting your answer",
            [ConsentStatus.Declined] = "Declined",
        },
        GrantorNames = new Dictionary<GrantorRole, string>
        {
            [GrantorRole.Subject] = "You",
            [GrantorRole.LegalGuardian] = "Your legal guardian",
            [GrantorRole.Representative] = "Your representative",
        },
        CollectionNames = new Dictionary<CollectionMethod, string>
        {
            [CollectionMethod.Written] = "In writing",
            [CollectionMethod.Electronic] = "Electronically (on this page)",
            [CollectionMethod.VerbalWitnessed] = "Spoken, with a witness",
        },
        ActionNames = new Dictionary<AuditAction, string>
        {
            [AuditAction.ConsentGranted] = "Recorded a consent",
            [AuditAction.ConsentRevoked] = "Withdrew a consent",
            [AuditAction.DataDisclosed] = "Read your information",
            [AuditAction.CaseSummaryPublished] = "Updated its case summary",
            [AuditAction.ReadRefused] = "Tried to read and was refused",
            [AuditAction.MeetingDisclosed] = "Was told about a case meeting",
            [AuditAction.EventAcknowledged] = "Acknowledged a notice such as your withdrawal",
            [AuditAction.AccessCodeIssued] = "Issued a sign-in code",
            [AuditAction.PersonSignedIn] = "Signed in to this page",
            [AuditAction.ConsentRequested] = "Asked for your consent",
            [AuditAction.ConsentRequestDeclined] = "Declined a consent request",
            [AuditAction.Unspecified] = "—",
        },
        MeetingStatusNames = new Dictionary<MeetingStatus, string>
        {
            [MeetingStatus.Scheduled] = "Scheduled",
            [MeetingStatus.Cancelled] = "Cancelled",
            [MeetingStatus.Held] = "Held",
        },
        ParticipationNames = new Dictionary<ParticipationStatus, string>
        {
            [ParticipationStatus.NeedsAction] = "Not answered",
            [ParticipationStatus.Accepted] = "Attending",
            [ParticipationStatus.Declined] = "Not attending",
            [ParticipationStatus.Tentative] = "Maybe",
            [ParticipationStatus.ConsentWithdrawn] = "No longer taking part (consent withdrawn)",
        },
    };
}
