## General
error-generic = Sorry, something went wrong. Nothing you sent is lost; please try again in a few minutes.
command-unknown = There is no command /{ $name }. Type /help to see the commands.
command-too-long = That command is too long (at most { $max } characters). Please shorten it.
button-unknown = This button no longer works. Type /help to see the commands.
fallback-private = I did not understand that. Type /help to see the commands.
fallback-group = Type /help to see what I can do.
continue-privately = Continue privately
not-allowed = You are not allowed to do this.
reply-failed =
    Sorry, the bot could not send you { $kind ->
        [file] the file
        [picture] the chart
       *[other] its reply
    } after several attempts. Please try again in a few minutes.

## Conversations
conversation-none = That conversation has ended. Send the command again to start.
conversation-expired = The conversation expired after a long pause. Everything sent before is kept. Send the command again to start over.
conversation-old-button = That button belongs to an earlier question. Please answer the question below.
conversation-choose-one = Please pick one of the options (press a button or type a number from 1 to { $count }).
conversation-text-or-voice = Please type your answer or send a voice message.
conversation-text-only = Please answer in text.
conversation-empty = The answer is empty. Please type something.
conversation-invalid = That answer does not fit. Please try again.
conversation-cancelled = Cancelled. Type /help to see the commands.
conversation-nothing-to-cancel = Nothing is in progress to cancel.
answer-too-long = The text is longer than the limit of { $max } characters. Please shorten it and send it again.

## Roles
role-member = member
role-chair = union chair
role-staff = staff
role-admin = administrator
role-none = You do not belong to a unit yet. Write in your unit's group chat or ask your union chair to add you.
role-everywhere = everywhere
role-mine = Your roles:
    { $roles }
role-usage = Usage: /role grant|revoke chair|staff|member UNIT_CODE [user id], or reply to that person's message. Example: /role grant chair LC-TD
role-who = Reply to a message of the person, or put their id at the end of the command.
role-unknown-person = User { $id } has not written to the bot yet. Ask them to send /start first.
role-unknown-unit = No unit has the code { $code }.
role-not-allowed = You may not grant or revoke this role in { $unit }.
role-bad-role = Only the roles chair, staff or member can be granted.
role-self = You cannot change your own roles. Ask someone above you.
role-granted = { $person } is now { $role } of { $unit }.
role-already = { $person } already is { $role } of { $unit }.
role-revoked = { $person } is no longer { $role } of { $unit }.
role-not-held = { $person } is not { $role } of { $unit }.

## Start, help, language
start-welcome = Hello { $name }! I am the union assistant: I announce plans, collect opinions, tally them and remind of report deadlines.
help-intro = Commands for you ({ $role }):
help-cancel = In the middle of something? Type /cancel to stop.
cmd-start = greeting and guide
cmd-help = the commands for you
cmd-language = change language (vi, en)
cmd-link = link this group to its unit: /link UNIT_CODE
cmd-unit = which unit this group belongs to
cmd-role = see or grant roles
language-choose = Choose a language:
language-name-vi = Tiếng Việt
language-name-en = English
language-set = Switched to English.
language-unknown = There is no language "{ $given }". Choose vi or en, for example: /language en

## Units and linking groups
kind-province = provincial federation
kind-district = district federation
kind-sector = sector union
kind-grassroots = grassroots union
kind-other = unit
link-done = This group is now linked to { $unit } ({ $code }). The unit's announcements and reminders will come here.
link-not-group = /link works only in a unit's group chat.
link-no-code = Please give the unit code, for example: /link LC-TD
link-unknown-unit = No unit has the code { $code }. Check the code (for example LC-TD) or ask the federation staff.
link-inactive-unit = { $unit } is no longer active and cannot be linked.
link-not-allowed = Only the chair or staff responsible for { $unit } can link a group.
link-not-allowed-previous = This group belongs to { $unit }; you may not move it away from that unit.
unit-not-linked = This group is not linked to a unit yet. The union chair types /link UNIT_CODE to link it.
unit-private = This is a private chat.
    { $roles }
unit-info = This group belongs to: { $unit } ({ $code }), { $kind }
    Members: { $members }
    Chair: { $chairs }
    Parent unit: { $parent }
unit-no-chair = none yet
unit-no-parent = none (top level)

## Opinions (members)
cmd-opinion = give an opinion on a draft under consultation
cmd-my-opinions = see, edit or withdraw your opinions
cmd-meeting = enter the results of your unit's meeting
cmd-open-consultation = open a consultation
cmd-close-consultation = close a consultation: /close_consultation CODE
opinion-kind-agree = Agree
opinion-kind-add = Addition
opinion-kind-amend = Amendment
opinion-kind-propose = Proposal
opinion-kind-other = Other
opinion-no-unit = You do not belong to a unit yet, so you cannot give an opinion. Write in your unit's group first, or ask your union chair to add you.
opinion-none-open = No consultation is open for your unit right now.
opinion-unknown-consultation = No consultation { $code } is open for your unit.
opinion-continue-privately = To give your opinion privately, press the button below and continue in a private chat with the bot.
opinion-pick-consultation = Choose the consultation:
opinion-pick-item = { $title }
    Items open for comment:
    { $items }
    Which item is your opinion about?
opinion-pick-kind = What kind of opinion is it?
opinion-write = Type your opinion (at most { $max } characters), or send a voice message.
opinion-write-shorter = Your earlier text is kept. Please send a shorter version (at most { $max } characters), or a voice message.
opinion-too-long-kept = Your opinion has { $length } characters, more than the limit of { $max }. Your text is kept, nothing is lost.
opinion-pick-unit = You belong to several units. Which one does this opinion count for? (The bot will remember.)
opinion-voice = [voice message, { $seconds } seconds]
opinion-review = Please check before sending:
    Consultation: { $consultation }
    Item: { $item }
    Kind: { $kind }
    Opinion: { $text }
    Counts for: { $unit }
opinion-send = Send
opinion-rewrite = Rewrite
opinion-cancel = Cancel
opinion-saved = Thank you! Your opinion is recorded (number #{ $id }). Type /my_opinions to see, edit or withdraw it.
opinion-withdrawn = Opinion #{ $id } is withdrawn and no longer counted.
opinion-edited = Opinion #{ $id } is updated.
opinion-problem-closed = The consultation is closed; opinions can no longer be added or changed.
opinion-problem-unit-not-covered = This consultation does not cover the chosen unit.
opinion-problem-not-member = You are not a member of the chosen unit.
opinion-problem-too-long = The opinion is longer than { $max } characters.
opinion-problem-empty = The opinion is empty.
opinion-problem-unknown-item = That item is no longer part of the consultation.
opinion-problem-not-found = This is not one of your opinions.
opinion-problem-withdrawn = This opinion was already withdrawn.
opinion-problem-not-allowed = You may not enter results for this unit.
my-opinions-none = You have no opinions in open consultations.
my-opinions-list = Your opinions in open consultations:
    { $list }
    Choose one to edit or withdraw:
my-opinions-chosen = Opinion #{ $id }:
    { $text }
my-opinions-edit = Edit
my-opinions-withdraw = Withdraw
my-opinions-done = Done
my-opinions-new-text = Type the new text (at most { $max } characters):
my-opinions-usage = Usage: /my_opinions to see the list, or /my_opinions withdraw NUMBER to withdraw one (for example /my_opinions withdraw 12).

## Opening and closing consultations (staff)
consult-pick-source = Take the items from a stored plan, or type them?
consult-manual = Type them
consult-title = Type the consultation's title (for example: Opinions on the congress draft documents):
consult-items = Type the items to comment on, one per line:
consult-items-count = Between 1 and 30 items are needed, one per line.
consult-unit = Which unit does it cover (with all units below)? Choose or type a unit code. For example: { $examples }
consult-unknown-unit = No unit has this code. Please type it again (for example LC-TD).
consult-unit-not-allowed = This unit is outside your scope.
consult-closes = Last day for opinions? For example: 30/6/2026, trước ngày 30/6/2026, cuối tháng 6/2026.
consult-bad-date = I could not read that date. Valid examples: 30/6/2026, trước ngày 30/6/2026, cuối tháng 6/2026.
consult-date-past = That day has passed. Please choose a day after today.
consult-review = Open this consultation:
    { $title }
    { $items }
    Unit: { $unit }
    Closes: { $closes }
consult-open = Open it
consult-opened = Consultation { $code } is open: { $title }
    Covers: { $unit } and every unit below. Closes: { $closes }.
    Members type /opinion to give theirs.
consult-problem-unknown-unit = Unit not found.
consult-problem-not-allowed = You may not open a consultation for this unit.
consult-problem-no-items = A consultation needs at least one item.
consult-problem-closes-in-past = The closing time has passed.
consult-problem-bad-title = The title is empty or too long.
consult-close-usage = Usage: /close_consultation CODE. Open consultations:
    { $open }
consult-close-unknown = There is no consultation { $code }.
consult-close-not-allowed = You may not close consultation { $code }.
consult-close-already-closed = Consultation { $code } is already closed.
consult-closed = Consultation { $code }: { $title } closed at { $at }. Type /tally to see the results.

## Meeting results (chairs)
meeting-chairs-only = Only union chairs or staff can enter meeting results.
meeting-pick-unit = Which unit held the meeting?
meeting-existing = The unit already has results of a meeting on { $date } ({ $attendees } attending). Entering again replaces them.
meeting-date = On which day was the meeting? (for example 15/5/2026)
meeting-bad-date = I could not read that date. Please type day/month/year, for example 15/5/2026.
meeting-date-future = The meeting day cannot be in the future.
meeting-attendees = How many people attended?
meeting-bad-number = Please type a number, for example 45.
meeting-counts = Item { $n }/{ $total }: { $item }
    Type the number of opinions in this order: { $kinds }. For example: 12 3 0 2 1
meeting-bad-counts = Exactly { $count } numbers are needed, separated by spaces. For example: 12 3 0 2 1
meeting-points = Key points of item { $n } (at most { $max } characters), or type - if none:
meeting-review = Meeting of { $unit } on { $date }, { $attendees } attending:
    { $lines }
meeting-save = Save
meeting-saved = The meeting results are saved. They are counted separately as "via meetings" in tallies.
meeting-updated = The meeting results are updated.

## Tally and reports
cmd-tally = tally of opinions: /tally [UNIT_CODE] [CONSULTATION]
cmd-export = export xlsx, csv, docx reports: /export [UNIT_CODE] [CONSULTATION]
tally-problem-unknown-unit = No unit or consultation has the code { $code }.
tally-problem-not-allowed = You can see the tally of your own unit and the units below it only; { $unit } is outside that.
tally-problem-no-scope = Only union chairs and staff can see tallies.
tally-problem-unknown-consultation = There is no consultation { $code }.
tally-problem-no-consultation = There is no consultation for { $unit } yet.
tally-title = TALLY { $code }: { $title }
tally-unit = { $unit } ({ $code }), { $state }, at { $at }
tally-open = open
tally-closed = closed
tally-people = Members who gave opinions: { $people }/{ $members } ({ $pct })
tally-opinions = Individual opinions: { $n } ({ $kinds })
tally-meetings = Via meetings: { $meetings } meetings, { $attendees } attending, { $n } opinions ({ $kinds })
tally-not-taken-part = Units that have not taken part: { $n }/{ $total }
tally-by-item = By item (individual + via meetings):
tally-item-counts = { $own } + { $meeting }
tally-children = Units below:
tally-child = { $people }/{ $members } people ({ $pct }), { $opinions } opinions, { $meetings } meetings
tally-more-children = … and { $n } more units (see the report files).
tally-files-hint = Details: /export { $unit } { $code }
chart-title = Tally { $code } — { $unit }
chart-participation = Members who gave opinions (%)
chart-opinions = Opinions
chart-individual = Individual
chart-meeting = Via meetings
chart-unit = Unit
chart-caption = Participation and opinions per unit below
export-private = The reports name the people who gave opinions, so they are sent in a private chat only. Press the button below.
export-ready = Tally report { $code } of { $unit }: spreadsheet, list of opinions (CSV) and Word report.
report-truncated = The list of opinions is too long; the files hold the first 50,000. Export each unit below separately.
report-author-hidden = (anonymous)
report-sheet-rollup = Roll-up
report-sheet-opinions = Opinions
report-sheet-meetings = Meetings
report-col-id = Opinion no.
report-col-unit-code = Unit code
report-col-unit = Unit
report-col-item = Item
report-col-kind = Kind
report-col-date = Date
report-col-text = Opinion
report-col-author = Given by
report-col-members = Members
report-col-people = People who gave opinions
report-col-participation = Participation (%)
report-col-opinions = Individual opinions
report-col-meetings = Meetings
report-col-attendees = Attending
report-col-meeting-opinions = Opinions via meetings
report-col-key-points = Key points
report-docx-number = No.: ......./BC-CĐ
report-docx-intro = For consultation { $code }, { $unit } reports the opinions of members and workers as follows:
report-docx-section-figures = I. OVERALL RESULTS
report-docx-figures = Members who gave opinions: { $people }/{ $members } ({ $pct }); individual opinions: { $opinions }; meetings: { $meetings } with { $attendees } attending, { $meetingOpinions } opinions.
report-docx-not-taken-part = Units that have not taken part: { $n }/{ $total }.
report-docx-section-opinions = II. OPINIONS BY ITEM
report-docx-via-meetings = Via meetings:
report-docx-attendees = attending
report-docx-parent = Level above

## Announcements
cmd-announce = send an announcement or plan to the units
cmd-status = delivery and receipt: /status [NUMBER]
announce-staff-only = Only federation staff can send announcements.
announce-private = Compose announcements in a private chat with the bot. Press the button below.
announce-send-content = Send the plan file (.docx, .pdf, .txt) or paste the announcement text here.
announce-download-failed = The file could not be downloaded. Please send it again.
announce-file-unsupported = Only .docx, .pdf and .txt files can be read. Please send another file or paste the text.
announce-file-broken = The file is damaged and cannot be opened. Please check it and send it again.
announce-file-empty = The file has no text (a scan needs text recognition first). Please send another file or paste the text.
announce-file-not-a-plan = The file does not look like an official document (no KẾ HOẠCH, THÔNG BÁO…). Please send another file or paste the text.
announce-file-too-large = The file is larger than 20 MB.
announce-preview = Preview:
    { $type } no. { $number } of { $date }
    { $title }
    Report deadlines:
    { $deadlines }
    Recipients:
    { $recipients }
announce-preview-plain = Preview of the announcement:
    { $text }
announce-no-deadlines = (no deadlines found)
announce-pick-targets = Send to which units?
announce-target-all = All units in my scope
announce-target-kinds = As addressed: { $kinds }
announce-target-codes = Type unit codes
announce-codes = Type the unit codes, separated by spaces or commas (each includes the units below it):
announce-unknown-codes = Unknown codes: { $codes }
announce-outside-scope = Outside your scope, will not be sent: { $codes }
announce-count = It will go to { $chats } group chats of { $units } units ({ $without } units have no linked group).
announce-send = Send
announce-queued = Announcement no. { $seq } is queued: { $chats } group chats, { $units } units. Status: /status { $seq }
announce-heading = ANNOUNCEMENT { $type } no. { $number } of { $date }
announce-heading-plain = ANNOUNCEMENT
announce-deadlines = Report deadlines:
announce-ack-hint = Please press "Đã nhận" to confirm receipt (announcement no. { $seq }).
announce-ack-button = Đã nhận (received)
announce-failed-blocked = Announcement no. { $seq } could not reach { $unit }: the bot was blocked or removed from the group. Please ask the unit to add the bot again.
announce-failed = Announcement no. { $seq } could not reach { $unit } after several attempts.
announce-failed-file = The plan file of announcement no. { $seq } could not reach { $unit } after several attempts (the summary is sent on its own). Please send the file to the unit another way.
announce-failed-rejected = Announcement no. { $seq } could not reach { $unit }: the platform refused the message.
ack-done = Recorded: { $unit } has received the announcement (confirmed by { $name }).
ack-already = { $unit } already confirmed ({ $by }, at { $at }).
ack-unknown = This announcement no longer exists.
ack-no-unit = This group is not linked to a unit, so receipt cannot be recorded.
ack-not-targeted = This announcement was not sent to this group's unit.
ack-not-allowed = Only the unit's union chair can confirm receipt.
status-usage = Usage: /status NUMBER, for example /status 3
status-unknown = There is no announcement no. { $seq }.
status-not-allowed = This announcement is outside your scope.
status-title = Status of announcement no. { $seq }: { $title }
status-summary = Confirmed: { $acked }/{ $units } units.
status-delivery = sent { $sent }, failed { $failed }, waiting { $pending }
status-no-chat = no group
status-acked = received { $at }
status-not-acked = not confirmed
status-missing = Not confirmed: { $codes }
status-all-acked = Every unit has confirmed.

## Deadlines and reminders
cmd-deadlines = your unit's report deadlines
cmd-submitted = mark a report as submitted: /submitted CODE [UNIT_CODE] [note]
cmd-missing = units that have not submitted: /missing CODE
cmd-add-deadline = add a report deadline
cmd-set-anchor = set the anchor day of a relative deadline: /set_anchor CODE DATE
announce-deadlines-created = { $n } report deadlines were created from the plan for { $units } units; the bot will remind those that have not submitted. See /deadlines
deadlines-none = Your unit has no report deadlines.
deadlines-title = Report deadlines:
deadlines-hint = Submitted? The chair types /submitted CODE (for example /submitted H3).
deadline-waiting-anchor = waiting for the anchor day
deadline-submitted = submitted
deadline-not-submitted = not submitted
deadline-ask-what = Which report is due? (for example: Report on the membership drive)
deadline-ask-when = When is it due? Write it as plans do, for example: trước ngày 05/7/2026, đầu tháng 6/2026, cuối quý II/2026, hàng quý, sau 01 tuần khi kết thúc hội nghị.
deadline-bad-phrase = I could not read that deadline. Valid examples: "trước ngày 05/7/2026", "đầu tháng 6/2026", "hàng quý".
deadline-ask-units = Which units owe it? Choose, or type unit codes.
deadline-units-children = The units directly under { $unit }
deadline-units-kind = Every { $kind }
deadline-unknown-unit = One of the unit codes does not exist. Please type them again.
deadline-no-units = No unit fits. Please choose again.
deadline-recurring = recurring: { $phrase }
deadline-relative = { $phrase } (counted from an anchor day, set with /set_anchor)
deadline-due = { $phrase } (due { $due })
deadline-review = Add this deadline:
    Report: { $what }
    Due: { $when }
    Units that owe it: { $units }
deadline-created = Deadline { $code } added: { $what } ({ $n } due dates scheduled).
deadline-created-past = Note: this deadline has passed; units that have not submitted get one overdue reminder.
deadline-created-relative = This deadline waits for its anchor day. When known, type /set_anchor { $code } DATE (for example /set_anchor { $code } 20/10/2026).
submit-usage = Usage: /submitted CODE [UNIT_CODE] [note], for example /submitted H3. Staff undo: /submitted H3 UNIT_CODE undo
submit-which-unit = You are responsible for several units: add the unit code, for example /submitted H3 LC-TD-01
submit-done = Recorded: { $unit } submitted the report ({ $label }, due { $due }). No more reminders for it.
submit-undone = The submission of { $unit } ({ $label }) is taken back.
submit-unknown = There is no deadline { $code }. See /deadlines
submit-not-owed = { $unit } does not owe deadline { $code }.
submit-not-allowed = You may not mark for { $unit }.
submit-nothing-due = Nothing is waiting to be submitted for { $code }.
submit-nothing-submitted = { $unit } has no submission to take back.
missing-usage = Usage: /missing CODE, for example /missing H3
missing-none = Every unit has submitted { $code } ({ $due }).
missing-title = Not submitted { $code }: { $what } (due { $due }) — { $n }/{ $owing } units:
anchor-usage = Usage: /set_anchor CODE DATE, for example /set_anchor H5 20/10/2026
anchor-unknown = There is no deadline { $code }.
anchor-not-allowed = You may not set the anchor of { $code }.
anchor-not-relative = Deadline { $code } is not counted from an anchor day.
anchor-set = Anchor set for { $code }: the report is due { $due }.
reminder-text = Report reminder — { $unit }
    Report: { $what }
    Due: { $due } ({ $phrase }), { $when }.
    Once submitted, the union chair types /submitted { $code }
reminder-days-left = { $n } days left
reminder-today = due today
reminder-overdue = { $n } days overdue
digest-title = Units overdue with reports, { $date }:

## Zalo
zalo-answer-hint = Answer with a number: { $list }

## Playground
playground-no-reminder = No reminder is coming up. Add a deadline with /add_deadline or announce a plan with report deadlines.
playground-advanced = Moved the clock to { $at }: { $n } reminders queued.
