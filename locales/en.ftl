## General
error-generic = Sorry, something went wrong. Nothing you sent is lost; please try again in a few minutes.
storage-unavailable = Sorry, the bot cannot save right now (a storage problem). Please try again in a few minutes.
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
conversation-back = Back
conversation-finish = Done
conversation-stop = Cancel
conversation-first-step = This is the first question; there is no step before it. Answer the question below, or type “cancel” to stop.
conversation-no-finish = This step cannot be finished yet: answer the question below, type “back” for the step before, or “cancel” to stop.
conversation-no-file = This question does not take a file, so { $name } was not used. Answer the question below; to use the file, type “cancel” and send the file with the command as its caption.
answer-too-long = The text is longer than the limit of { $max } characters. Please shorten it and send it again.

## Periods (names of a recurring report's periods)
period-month = { $monthNumber ->
        [1] January
        [2] February
        [3] March
        [4] April
        [5] May
        [6] June
        [7] July
        [8] August
        [9] September
        [10] October
        [11] November
       *[12] December
    } { $year }
period-quarter = Q{ $quarter } { $year }
period-half = { $half ->
        [1] first half of { $year }
       *[2] second half of { $year }
    }
period-year = year { $year }
period-week = week to { $day }

## Roles
role-member = member
role-chair = union chair
role-staff = staff
role-admin = administrator
role-none = You do not belong to a unit yet. Write in your unit's group chat or ask your union chair to add you.
role-everywhere = everywhere
role-mine = Your roles:
    { $roles }
    Your id: { $id }. Give it to union staff when you need a role.
role-usage = Usage: /role grant|revoke chair|staff|member UNIT_CODE [user id]. Without an id the bot lists the unit's people to choose from; you may also reply to that person's message. Example: /role grant chair LC-TD
role-who-id = That is not an id. Choose a person from the list, or type their id (everyone sees their own id with /role).
role-pick-grant = Make whom { $role } of { $unit }? Choose one of the unit's people, or type their id (everyone sees their own id with /role).{ $more ->
        [yes] {" "}Only the first 20 are listed.
       *[no] {""}
    }
role-pick-revoke = Who should stop being { $role } of { $unit }? Choose a person, or type their id.{ $more ->
        [yes] {" "}Only the first 20 are listed.
       *[no] {""}
    }
role-nobody-known = The bot knows nobody of { $unit } yet: no one has written in the unit's group chat. Ask the person to write a message there (or to type /role and send you their id), then send the command again with the id at the end; or reply to their message with this command.
role-nobody-holds = Nobody is { $role } of { $unit }.
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
help-section-member = Everyone:
help-section-chair = Union chairs:
help-section-staff = Staff:
help-section-admin = Administrators:
cmd-start = greeting and guide
cmd-help = the commands for you
cmd-language = change language (vi, en)
cmd-link = link this group to its unit: /link UNIT_CODE
cmd-unit = which unit this group belongs to
cmd-role = see or grant roles
cmd-role-for-member = see your roles
cmd-role-for-chair = see your roles
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
opinion-agree-write = You may add a few words (optional, at most { $max } characters), or press the button to send your agreement.
opinion-agree-no-text = Agree, nothing to add
opinion-no-text = (no text)
opinion-write-shorter = Please send a shorter version (at most { $max } characters; a long opinion can be split into several), or a voice message.
opinion-too-long = Your opinion has { $length } characters, more than the limit of { $max }, so it was not saved.
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
opinion-saved = Thank you! Your opinion is recorded. Type /my_opinions to see, edit or withdraw it.
opinion-withdrawn = Withdrawn ({ $what }): the opinion is no longer counted.
opinion-edited = Your opinion is updated.
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
my-opinions-place = { $code } · item { $item } · { $kind }
my-opinions-chosen = Opinion { $n } ({ $place }):
    { $text }
my-opinions-edit = Edit
my-opinions-withdraw = Withdraw
my-opinions-confirm-withdraw = Withdraw opinion { $n } ({ $what })? Once withdrawn it is no longer counted.
my-opinions-withdraw-yes = Withdraw this opinion
my-opinions-no-such-number = The list has { $count } { $count ->
        [one] opinion
       *[other] opinions
    }; there is no number { $n }. Type /my_opinions to see it.
my-opinions-new-text = Type the new text (at most { $max } characters):
my-opinions-usage = Usage: /my_opinions to see the list, or /my_opinions withdraw NUMBER to withdraw the opinion with that number in the list (for example /my_opinions withdraw 2).

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
consult-notice-open = Consultation { $code } is open: { $title }
    For: { $unit } and the units under it. Opinions are taken until { $closes }.
    Members type /opinion { $code } to give an opinion.
consult-notice-remind = Opinion reminder — { $unit }: consultation { $code } ({ $title }) closes at { $closes }. So far { $people }/{ $members } { $below ->
        [tree] members of the unit and the units under it
       *[own] { $members ->
            [one] member
           *[other] members
        }
    } have given an opinion. Type /opinion { $code } to give yours.
consult-notice-closed = Consultation { $code } ({ $title }) has ended. Thank you, { $unit }: { $people } { $people ->
        [one] member
       *[other] members
    }{ $below ->
        [tree] {" "}of the unit and the units under it
       *[own] {""}
    } gave { $opinions } { $opinions ->
        [one] opinion
       *[other] opinions
    }.
consult-notice-closed-none = Consultation { $code } ({ $title }) has ended. { $unit } gave no opinion in it.
consult-notice-meetings = Through meetings: { $meetings } { $meetings ->
        [one] meeting
       *[other] meetings
    }, { $opinions } { $opinions ->
        [one] opinion
       *[other] opinions
    }.
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
meeting-current = Entered now: { $counts }; key points: { $points }
meeting-bad-counts = Exactly { $count } numbers are needed, separated by spaces. For example: 12 3 0 2 1
meeting-points = Key points of item { $n } (at most { $max } characters), or type - if none:
meeting-review = Meeting of { $unit } on { $date }, { $attendees } attending:
    { $lines }
meeting-review-points = Key points: { $points }
meeting-edit = Edit
meeting-save-anyway = Save anyway
meeting-odd-confirm = Please check: press «Edit» to correct, or «Save anyway» if the figures are right.
meeting-odd-before-open = The meeting day { $date } is before consultation { $code } opened ({ $opened }).
meeting-odd-attendees = More people attended ({ $attendees }) than { $unit } has members ({ $members }).
meeting-odd-counts = Item { $n } has { $total } opinions, more than the people who attended ({ $attendees }).
meeting-edit-which = Edit which field?
meeting-edit-date = Meeting day
meeting-edit-attendees = Attendees
meeting-edit-item = Item { $n }: { $item }
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
tally-meetings = Via meetings: { $meetings } { $meetingsN ->
        [one] meeting
       *[other] meetings
    }, { $attendees } attending, { $n } { $meetingOpinionsN ->
        [one] opinion
       *[other] opinions
    } ({ $kinds })
tally-not-taken-part = Units that have not taken part: { $n }/{ $total }
tally-by-item = By item (individual + via meetings):
tally-item-counts = { $own } + { $meeting }
tally-children = Units below:
tally-child = { $people }/{ $members } { $membersN ->
        [one] person
       *[other] people
    } ({ $pct }), { $opinions } individual { $opinionsN ->
        [one] opinion
       *[other] opinions
    }, { $meetings } { $meetingsN ->
        [one] meeting
       *[other] meetings
    } ({ $meetingOpinions } { $meetingOpinionsN ->
        [one] opinion
       *[other] opinions
    })
tally-more-children = … and { $n } more { $n ->
        [one] unit
       *[other] units
    } (see the report files).
tally-drill = One unit: type { $command } UNIT_CODE { $code }
tally-command = /tally
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
export-sent-privately = The reports name the people who gave opinions, so I am sending them to { $name }'s private chat, not to the group.
export-not-friends = I could not send the reports to { $name }'s private chat: Zalo lets me write to you only once you have added my account as a friend. Add this account as a friend, then type the command again. I do not post the reports in the group because they name the people who gave opinions.
# Exports at country scale (#27): every opinion, split into parts when too long, and said so
export-split = The list has { $total } opinions, more than one file should hold, so it is split into { $parts } .csv files (at most { $per } opinions each) and { $parts } "Opinions (1)"… sheets in the .xlsx file; no opinion is left out.
report-part-note = Part { $part } of { $parts } of the list of { $total } opinions (at most { $per } per part); the other parts are in the .csv files and sheets of the same name with another number.
report-docx-more-opinions = The report quotes { $shown } of { $total } opinions; every opinion is in the attached .xlsx and .csv files.
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
report-docx-title = Summary of opinions on { $title }
report-docx-figures = Members who gave opinions: { $people }/{ $members } ({ $pct }); individual opinions: { $opinions }; meetings: { $meetings } with { $attendees } attending, { $meetingOpinions } opinions; opinions in all: { $total }.
report-docx-col-kind = Kind
report-docx-col-own = Individual
report-docx-col-meeting = Via meetings
report-docx-col-total = Total
report-docx-row-total = All kinds
report-docx-not-taken-part = Units that have not taken part: { $n }/{ $total }.
report-docx-section-opinions = II. OPINIONS BY ITEM
report-docx-via-meetings = Via meetings:
report-docx-attendees = attending

## Announcements
cmd-announce = send an announcement or plan to the units
cmd-status = delivery and receipt: /status [NUMBER]
announce-staff-only = Only federation staff can send announcements.
announce-private = Compose announcements in a private chat with the bot. Press the button below.
announce-send-content = Send the plan file (.docx, .pdf, .txt) or paste the announcement text here.
announce-file-offer = You sent a plan. Here is the preview to announce it to the units; press «Cancel» if you did not mean to send it.
announce-download-failed = The file could not be downloaded. Please send it again.
announce-file-unsupported = Only .docx, .pdf and .txt files can be read. Please send another file or paste the text.
announce-file-broken = The file is damaged and cannot be opened. Please check it and send it again.
announce-file-empty = The file has no text (a scan needs text recognition first). Please send another file or paste the text.
announce-file-not-a-plan = The file does not look like an official document (no KẾ HOẠCH, THÔNG BÁO…). Please send another file or paste the text.
announce-preview = Preview:
    { $type } no. { $number } of { $date }
    { $title }
announce-preview-plain = Preview of the announcement:
    { $text }
announce-no-deadlines = (no deadlines found)
announce-pick-targets = Send to which units?
announce-preview-deadlines = Report deadlines:
announce-deadline-past = ⚠ already past
announce-deadline-past-skipped = ⚠ past, will not be created
announce-past-skip-old = { $n } deadlines past by more than 30 days will not be created (the bot does not remind of old work).
announce-past-skip-all = { $n } past deadlines will not be created.
announce-past-keep = All { $n } past deadlines will be created; units that have not reported will be reminded as overdue.
announce-past-choose-none = Create the past deadlines too
announce-past-choose-all = Leave out every past deadline
announce-past-choose-old = Leave out only those past by over 30 days
announce-recurring-first = { $phrase }, first { $date }
announce-recurring-first-only = first { $date }
announce-recurring-over = { $phrase } — every period is past, no deadline will be created
announce-preview-items = Items for comment:
announce-preview-periods = Periods:
announce-preview-events = Events (no reminders; if S1 is a report deadline: «Sửa» → «Hạn báo cáo» → type «sk 1»):
announce-blank-ask = The deadline «{ $text }» ({ $what }) leaves the { $missing } blank. Type the whole date, e.g. 07/5/2026, or «bỏ» to create no deadline for it.
announce-blank-day = day
announce-blank-month = month
announce-blank-day-month = day and month
announce-blank-bad = That date is not understood. Type day/month/year, e.g. 07/5/2026, or «bỏ».
announce-preview-signer = Signed by: { $signer }
announce-preview-recipients = Recipients:
announce-warn-past = ⚠ { $n } { $n ->
        [one] deadline
       *[other] deadlines
    } { $n ->
        [one] is
       *[other] are
    } already past. Check the plan's year, or press «Edit» to correct them.
announce-warn-unread = ⚠ The bot could not read: { $fields }. Press «Edit» to fill in the number, date, title or deadlines.
announce-warn-cut = ⚠ The pasted text is as long as one message, so it may have been cut. If the plan is longer, cancel (/cancel) and send it as a .docx, .pdf or .txt file.
announce-field-number = document number
announce-field-date = date of issue
announce-field-issuer = issuing body
announce-field-signer = signer
announce-field-recipients = recipients
announce-field-deadlines = report deadlines
announce-too-long-send-file = This is too long to paste as one message (over { $max } characters for a plain announcement). Please send the plan as a .docx, .pdf or .txt file.
announce-paste-continued = This looks like the rest of a long plan cut into several messages. Type /cancel and send the plan as a .docx, .pdf or .txt file.
announce-target-level = One level only
announce-edit = Edit number, date, title, deadlines
announce-pick-level = Send to which level (within your scope)?
announce-level = Only { $kind } ({ $n } { $n ->
        [one] unit
       *[other] units
    })
announce-back = Back
announce-codes-refused = { $problems }
    Nothing was sent. Please type the codes again, corrected.
announce-pick-reach = Send to { $codes }: these units only, or also every unit under them?
announce-reach-only = Only these units ({ $n } { $n ->
        [one] unit
       *[other] units
    })
announce-reach-below = These units and all under them ({ $n } { $n ->
        [one] unit
       *[other] units
    })
announce-nobody = There is no group chat to send to, so nothing can be sent. Choose other units, or type other codes.
announce-change-targets = Choose other units
announce-edit-which = Edit which field?
announce-edit-number = Document number
announce-edit-date = Date of issue
announce-edit-title = Title
announce-edit-deadlines = Report deadlines
announce-edit-ask-number = Current number: { $current }. Type the right one, e.g. 122/KH-LĐLĐ
announce-edit-ask-date = Current date: { $current }. Type the date of issue, e.g. 14/02/2025
announce-edit-ask-title = Current title:
    { $current }
    Type the right title.
announce-edit-ask-deadlines = Current deadlines:
    { $current }
    Type «2: 15/8/2025» to change deadline 2's date (or «2: hàng tháng» for monthly), «remove 2» to remove it, «add: 30/9/2025: Q3 report» or «add: hàng quý: Figures report» to add one, or «sk 1» to turn event S1 into a deadline. Press «Done» when finished.
announce-edit-bad-number = A document number looks like NUMBER/SYMBOL, e.g. 122/KH-LĐLĐ.
announce-edit-bad-date = That date is not clear. Type day/month/year, e.g. 14/02/2025.
announce-edit-bad-title = A title has 5 to 600 characters.
announce-edit-bad-deadline = Not understood. Use «2: 15/8/2025», «remove 2», «add: 30/9/2025: what is due», «add: hàng quý: what is due» or «sk 1» (numbers as listed above), or press «Done».
announce-edited-deadline = Changed. Make another change, or press «Done» to see the preview again.
announce-edited = Changed. Here is the preview again:
announce-target-all = All units in my scope
announce-target-kinds = As addressed: { $kinds }
announce-target-codes = Type unit codes
announce-codes = Type the unit codes, separated by spaces or commas, e.g. LC-TD LC-PT
announce-unknown-codes = Unknown codes: { $codes }
announce-outside-scope = Outside your scope, will not be sent: { $codes }
announce-count = { $chats ->
        [0] None of the chosen units has a group chat to receive it.
       *[other] It will go to { $chats } group { $chats ->
            [one] chat
           *[other] chats
        } of { $reached } { $reached ->
            [one] unit
           *[other] units
        }{ $without ->
            [0] {""}
            [one] ; 1 other chosen unit has no linked group, so it does not get it yet
           *[other] ; { $without } other chosen units have no linked group, so they do not get it yet
        }.
    }
announce-lost-groups = { $n } { $n ->
        [one] unit
       *[other] units
    }: the bot was removed from { $n ->
        [one] its group
       *[other] their groups
    }, so it cannot be sent there ({ $codes }). Adding the bot back to the group is enough; no new link is needed.
announce-send = Send
announce-queued = Announcement no. { $seq } is queued: { $chats } group { $chats ->
        [one] chat
       *[other] chats
    }, { $units } { $units ->
        [one] unit
       *[other] units
    }. Status: /status { $seq }
announce-heading = ANNOUNCEMENT { $type } no. { $number } of { $date }
announce-heading-plain = ANNOUNCEMENT
announce-deadlines = Report deadlines:
announce-deadlines-of = Report deadlines of { $who } (your unit does not report these to { $root }):
announce-owing-below = the units directly under { $unit }
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
ack-not-allowed-member = Only a member or the union chair of { $unit } can confirm receipt. Members of the unit: please write a message in this group first.
status-usage = Usage: /status for the latest announcements, /status NUMBER for each unit, e.g. /status 3
status-unknown = There is no announcement number { $seq }.
status-not-allowed = This announcement is outside your scope.
status-none = No announcement in your scope yet. Send one: /announce
status-none-received = No announcement has reached your unit yet.
status-list-title = Latest announcements:
status-list-line = No. { $seq } ({ $at }): { $title }
    → sent to { $sent }/{ $chats } chats ({ $failed } failed, { $pending } waiting); received by { $acked }/{ $units } units
status-list-hint = Each unit: /status NUMBER or press a button.
status-show = Show no. { $seq }
status-title = Status of announcement { $seq }: { $title }
status-progress = Sending: { $done }/{ $chats } { $chats ->
        [one] chat
       *[other] chats
    } done ({ $failed } failed), { $pending } to go.
status-finished = Finished: sent to { $sent }/{ $chats } { $chats ->
        [one] chat
       *[other] chats
    }; { $failed } failed.
status-summary = Received: { $acked }/{ $units } { $units ->
        [one] unit
       *[other] units
    } the announcement reached.
status-delivery = sent { $sent }, failed { $failed }, waiting { $pending }
status-without-chat = No linked group, so not sent ({ $n } { $n ->
        [one] unit
       *[other] units
    }): { $codes }
status-lost-group = { $n } { $n ->
        [one] unit
       *[other] units
    }: the bot was removed from { $n ->
        [one] its group
       *[other] their groups
    } ({ $codes })
status-unit-lost-group = the bot was removed from its group
status-acked = received at { $at } ({ $by })
status-not-acked = not yet received
status-more-units = … and { $n } more { $n ->
        [one] unit
       *[other] units
    }.
status-missing = Not yet received: { $codes }
status-all-acked = Every unit that received it has confirmed.
status-resend = Re-send to { $n } failed { $n ->
        [one] chat
       *[other] chats
    }
status-remind = Remind { $n } { $n ->
        [one] unit
       *[other] units
    } that { $n ->
        [one] has
       *[other] have
    } not confirmed
status-refresh = Refresh
status-resent = Announcement { $seq } queued again for { $n } { $n ->
        [one] chat
       *[other] chats
    }. The bot will tell you when it is through.
status-nothing-to-resend = Announcement { $seq } has no failed chat left.
status-reminded = Reminded { $units } { $units ->
        [one] unit
       *[other] units
    } that { $units ->
        [one] has
       *[other] have
    } not confirmed announcement { $seq } ({ $chats } { $chats ->
        [one] chat
       *[other] chats
    }).
status-nothing-to-remind = No unit left to remind: every unit that received announcement { $seq } has confirmed.
announce-remind-message = REMINDER: your unit has not confirmed announcement { $seq }:
    { $title }
    Please press "Đã nhận" (received).
announce-done = Announcement { $seq } is through: delivered to { $sent }/{ $total } chats; failed: { $failures }. See /status { $seq }
announce-done-no-failures = none
announce-done-more = and { $n } more { $n ->
        [one] chat
       *[other] chats
    }
announce-failure-blocked = the bot was blocked or removed from the group
announce-failure-other = could not be delivered after several attempts

# Names where they belong (issue 25.8): views that name people answer in the private chat; the group hears counts
named-sent-privately = The detail names people, so I sent it to { $name }'s private chat, not to the group.
named-open-private = { $name } has not opened a private chat with me yet, so I could not send the detail. Press the button below to open it; the detail will show there.
named-not-friends = I could not send the detail to { $name }'s private chat: Zalo only allows it once you are friends with my account. Add it as a friend, then type the command again. I do not post the detail in the group because it names people.
status-group-counts = Announcement { $seq } — { $unit } and the units under it: sent to { $sent }/{ $chats } group chats; acknowledged by { $acked }/{ $units } units.
role-pick-privately = The list of a unit's people is shown only in a private chat with the bot (this group may be another unit's). Type the command again in the private chat, or reply to the person's message with it, e.g. /role grant chair { $code }.

# Bounded file reading (issue 25.3): a file over a bound is refused before it is unpacked, naming the bound
file-limit-bytes = The file is larger than { $max } MB, so the bot does not read it. Please send a smaller file.
file-limit-unpacked = The file unpacks to more than { $max } MB, so the bot does not read it. Please send a smaller file.
file-limit-pages = The PDF has more than { $max } pages, so the bot does not read it. Please send a shorter file.
file-limit-chars = The file has more than { $max } characters, so the bot does not read it. Please send a shorter file.
file-limit-parts = The file holds more than { $max } parts, so the bot does not read it. Please send another file.

## Deadlines and reminders
cmd-deadlines = your unit's report deadlines
cmd-submitted = mark a report as submitted: /submitted CODE [UNIT_CODE] [note]
cmd-missing = units that have not submitted: /missing CODE
cmd-add-deadline = add a report deadline
cmd-set-anchor = set the anchor day of a relative deadline: /set_anchor CODE DATE
announce-deadlines-created = { $n } report { $n ->
        [one] deadline
       *[other] deadlines
    } { $n ->
        [one] was
       *[other] were
    } created from the plan for { $units } { $units ->
        [one] unit
       *[other] units
    }; the bot will remind those that have not submitted. See /deadlines
announce-deadlines-past = Note: { $n } of them are already past; units that have not submitted get an overdue reminder at the next reminder time (at { $time }) and again every { $every } days until they submit or are excused.
announce-deadlines-skipped = { $n } past deadlines were not created (as chosen in the preview).
announce-indicators-proposed = The plan proposes these figures to report:
announce-indicators-hint = Press "Use these indicators" to confirm. To correct one: /chitieu { $code } sua NUMBER Name | people | target; to add one: /chitieu { $code } them Name | people | target
announce-indicators-hint-no-figures = The plan has no deadline of its own for figures (deadlines created: { $codes }). To ask for these figures with one of them: /chitieu { $code } dung, or add one at a time: /chitieu { $code } them Name | people | target
announce-indicators-use-for = Use these indicators for { $code }
deadlines-none = Your unit has no report deadlines.
deadlines-title = Report deadlines:
deadlines-hint = Submitted? The chair types /submitted CODE (for example /submitted H3).
deadlines-scope-title = Report deadlines in your scope (latest due date):
deadlines-scope-line = • { $code } — { $what } — { $when }: submitted { $submitted }/{ $owing }, overdue { $overdue }, not yet due { $upcoming }, excused { $excused }
deadlines-scope-hint = Per unit: /deadlines CODE (for example /deadlines H3). Units that have not submitted: /missing CODE
deadlines-detail-title = { $code } — { $what } — { $when } — { $owing } { $owing ->
        [one] unit
       *[other] units
    }:
deadlines-not-in-scope = Deadline { $code } has no unit in your scope.
deadlines-more = … and { $n } more { $n ->
        [one] deadline
       *[other] deadlines
    }.
deadline-state-upcoming = not submitted, { $n } { $n ->
        [one] day
       *[other] days
    } left
deadline-state-due-today = not submitted, due today
deadline-state-overdue = { $n } { $n ->
        [one] day
       *[other] days
    } overdue
deadline-state-submitted = submitted on { $date }
deadline-state-submitted-late = submitted late on { $date }
deadline-state-excused = excused
deadline-state-no-date = no due date yet
deadline-other-overdue = { $n } other { $n ->
        [one] period
       *[other] periods
    } overdue
deadline-previous = previous period { $label }: { $state }
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
deadline-due-past = { $phrase } (due { $due }, already past)
deadline-review = Add this deadline:
    Report: { $what }
    Due: { $when }
    Units that owe it: { $units }
deadline-created = Deadline { $code } added: { $what } ({ $n } { $n ->
        [one] due date
       *[other] due dates
    } scheduled).
deadline-created-past = Note: this deadline has already passed ({ $due }). Units that have not submitted get an overdue reminder at { $first }, then again every { $every } days until they submit or are excused.
deadline-created-relative = This deadline waits for its anchor day. When known, type /set_anchor { $code } DATE (for example /set_anchor { $code } 20/10/2026).
submit-needs-figures = Deadline { $code } asks for figures: type /report_figures { $code } (or press the button below) to report them; once they are sent, it counts as submitted.
submit-usage = Usage: /submitted CODE [UNIT_CODE] [note], for example /submitted H3. Staff undo: /submitted H3 UNIT_CODE undo; excuse a unit: /submitted H3 UNIT_CODE excuse [reason]
submit-which-unit = You are responsible for several units: add the unit code, for example /submitted H3 LC-TD-01
submit-done = Recorded: { $unit } submitted the report ({ $label }, due { $due }). No more reminders for it.
submit-done-late = Recorded: { $unit } submitted the report ({ $label }, due { $due }), late. No more reminders for it.
submit-excused = { $unit } is excused from { $label } (due { $due }). No reminders for it this time.
submit-unknown-unit = There is no unit with code { $unit }; nothing was recorded. Check the code and type it again, for example /submitted { $code } LC-TD-01
submit-waiting-anchor = Deadline { $code } has no anchor day yet, so nothing is due. Staff set it with /set_anchor { $code } DATE
submit-already = { $unit } has submitted or been excused from every due date of { $code }. Staff undo: /submitted { $code } UNIT_CODE undo
submit-not-in-scope = Deadline { $code } has no unit in your scope.
submit-undone = The submission of { $unit } ({ $label }) is taken back.
submit-undone-excused = { $unit } is no longer excused ({ $label }); reminders resume if it has not submitted.
submit-unknown = There is no deadline { $code }. See /deadlines
submit-not-owed = { $unit } does not owe deadline { $code }.
submit-not-allowed = You may not mark for { $unit }.
submit-nothing-due = Nothing is waiting to be submitted for { $code }.
submit-download-failed = The attached file could not be downloaded. Please send the command with the file again.
submit-nothing-submitted = { $unit } has no submission to take back.
missing-usage = Usage: /missing CODE, for example /missing H3
missing-none = Every unit has submitted { $code } ({ $due }).
missing-title = Not submitted { $code }: { $what } (due { $due }) — { $n }/{ $owing } { $owing ->
        [one] unit
       *[other] units
    }:
anchor-usage = Usage: /set_anchor CODE DATE, for example /set_anchor H5 20/10/2026
anchor-unknown = There is no deadline { $code }.
anchor-not-allowed = You may not set the anchor of { $code }.
anchor-not-relative = Deadline { $code } is not counted from an anchor day.
anchor-set = Anchor set for { $code }: the report is due { $due }.
reminder-text = Report reminder — { $unit }
    Report: { $what }
    Due: { $due }, { $when }.
    Once submitted, the union chair types /submitted { $code }
reminder-combined-title = Report reminder — { $unit }: { $n } items
reminder-combined-line = { $i }. { $code } { $what } — due { $due }, { $when }.
reminder-combined-more = … and { $n } more: type /deadlines to see them.
reminder-combined-footer = Once submitted, the union chair types /submitted with the deadline's code, for example /submitted { $code }
figures-asked-for = Figures to report for { $code }: { $list }
figures-button-for = Report figures { $code }
reminder-days-left = { $n } { $n ->
        [one] day
       *[other] days
    } left
reminder-today = due today
reminder-overdue = { $n } { $n ->
        [one] day
       *[other] days
    } overdue
digest-title = Units overdue with reports, { $date }:
digest-line = • { $code } { $what } ({ $due }, { $n } { $n ->
        [one] day
       *[other] days
    } overdue): { $units }
digest-units-by-child = { $n } { $n ->
        [one] unit
       *[other] units
    } not submitted — { $children }
digest-list = (see /missing { $code })
digest-handed-in-count = — { $n } more handed in since yesterday
digest-handed-in = — handed in since yesterday: { $units }
digest-more = … and { $n } more overdue: /deadlines

## Summaries by unit (answers about many units, #27)
summary-rows-title = By unit below (most behind first):
summary-more = … and { $n } more { $count ->
        [one] unit
       *[other] units
    }
summary-drill = One unit: type { $command } UNIT_CODE, for example { $command } { $example }
summary-unknown-unit = There is no unit with code { $unit }. Check the code and type it again.
summary-not-allowed = { $unit } is not in your scope.
full-list-hint = The full list (.xlsx, .csv) in the private chat: type { $command }
full-list-button = Full list
full-list-private = The full list is sent only in your private chat with the bot: type the command there.
full-list-ready = Full list { $name }: { $n } { $n ->
        [one] unit
       *[other] units
    } (.xlsx and .csv files).
full-list-col-code = Unit code
full-list-col-unit = Unit
full-list-col-group = Under
full-list-col-state = State
full-list-col-period = Period
full-list-col-delivery = Delivery
full-list-col-acked = Received at
full-list-no-group = no linked group
summary-deadline-totals = Total: submitted { $done }/{ $total } { $count ->
        [one] unit
       *[other] units
    } ({ $percent }), overdue { $behind }, not yet due { $open }
summary-deadline-row = • { $name } ({ $code }): submitted { $done }/{ $total } ({ $percent }), overdue { $behind }
summary-deadline-worst = Overdue longest: { $units }
summary-deadline-worst-unit = { $code } { $name } ({ $n } { $n ->
        [one] day
       *[other] days
    })
summary-ack-totals = Received: { $done }/{ $total } { $count ->
        [one] unit
       *[other] units
    } the announcement reached ({ $percent }), not yet { $behind }
summary-ack-row = • { $name } ({ $code }): received { $done }/{ $total } ({ $percent })
summary-ack-worst = Not yet confirmed, for example: { $units }
summary-ack-worst-unit = { $code }

## Figures and targets
cmd-report-figures = report figures against targets: /report_figures [DEADLINE_CODE]
cmd-progress = progress against targets: /progress [UNIT_CODE] [DEADLINE_CODE]
cmd-indicators = the indicators of a deadline: /indicators DEADLINE_CODE [use | add … | fix NUMBER …]
cmd-assign-targets = give units their targets, or attach a CSV/XLSX sheet: /assign_targets DEADLINE_CODE
figures-measure-people = people
figures-measure-unions = unions
figures-measure-percent = %
figures-measure-yes-no = yes/no
figures-rollup-sum = sum
figures-rollup-average = average
figures-rollup-share = share of units meeting it
figures-value = { $value }
figures-percent = { $value }%
figures-nothing-to-fix = There is no reported period to correct.
figures-yes = Yes
figures-no = No
figures-share = { $value }% of units
figures-share-answered = ({ $reported }/{ $owing } units reported)
figures-chairs-only = Only union chairs and staff can report figures.
figures-none-owed = Your unit has no figures to report.
figures-unknown-deadline = There is no figures deadline { $code } for your unit.
figures-nothing-due = No reporting period has begun yet.
figures-continue-privately = This continues in a private chat with the bot. Press the button below.
figures-pick-deadline = Figures for which deadline?
figures-pick-unit = For which unit?
figures-question = Figures of { $unit }
    Indicator { $n }/{ $total }: { $name } ({ $measure })
    Period: { $period } (due { $due })
figures-last-period = Last period: { $value }
figures-already-sent = Already sent for this period: { $value } (sending again corrects it; the old figure is kept)
figures-new-in-period = Type what is new in this period (not a running total).
figures-answer-number = Type a number, for example 12.
figures-answer-yes-no = Press Yes or No.
figures-bad-not-a-number = A number is needed, for example 12 or 85.5.
figures-bad-negative = A figure cannot be negative.
figures-bad-over-100 = A percent cannot be over 100.
figures-bad-yes-no = Please answer Yes or No.
figures-bad-whole-number = People and unions are counted in whole numbers.
figures-odd-jump = { $value } is very different from last period ({ $last }).
figures-odd-members = { $value } is more than the members of { $unit } ({ $members }).
figures-odd-target = { $value } is far above the unit's target ({ $target }).
figures-odd-ask = Is it right?
figures-odd-keep = Yes, keep it
figures-odd-retype = Type it again
figures-review = Figures of { $unit }, period { $period }:
    { $lines }
figures-review-correction = Correcting the figures of { $unit }, period { $period } (the old ones stay in the history):
    { $lines }
figures-send = Send
figures-redo = Start over
figures-sent = The figures of { $unit } are sent. Thank you!
figures-sent-late = The figures of { $unit } are sent (after the deadline, recorded as late).
figures-sent-corrected = The figures of { $unit } are corrected; the new ones count, the old ones stay in the history.
figures-next-period = The period { $period } (due { $due }) has begun: press the button below to report it too.
figures-next-period-overdue = The period { $period } (due { $due }) is overdue too, by { $days } { $days ->
        [one] day
       *[other] days
    }: press the button below to report it as well.
figures-next-button = Report { $period }
figures-asked = Figures asked for: { $list }
figures-asked-how = Press "Report figures" or type /report_figures to send them.
figures-button = Report figures
figures-problem-not-allowed = You may not do this for that unit.
figures-problem-not-owed = { $unit } does not owe this report.
figures-problem-nothing-due = This reporting period no longer exists.
figures-problem-bad-target = A target must be a number, not negative.
figures-problem-no-parent-target = This unit has no target yet, so there is nothing to split. Give it a target first.
figures-problem-no-children = This unit has no units under it to split the target among.
figures-problem-not-a-child = { $code } is not directly under { $unit }.
figures-problem-not-reporting = { $code } does not report this deadline's figures, so it gets no target.
figures-problem-sum = The targets of the units under { $unit } add up to { $sum }, not to the target of { $unit }, { $target } (off by { $diff }) — "{ $indicator }". Nothing was saved.
figures-import-bad-file = Only a readable .csv or .xlsx file is accepted.
figures-import-bad-header = The first line needs the columns unit_code, indicator, target (or ma_don_vi, chi_tieu, muc).
figures-import-empty = The file has no target rows.
figures-import-too-long = The file has too many rows (at most { $max }).
figures-import-unknown-unit = there is no unit { $code }
figures-import-not-allowed = { $code } is outside your scope
figures-import-unknown-indicator = there is no indicator number { $n } (see /indicators)
figures-import-bad-value = "{ $value }" is not a valid target

# Targets sheets of a province (#27): the problems beyond the first twenty counted
figures-import-more-problems = … and { $n ->
    [one] { $n } more problem
   *[other] { $n } more problems
  } (fix the ones above and send the sheet again to see them).

figures-col-progress = To date / current
figures-col-target = Target
figures-col-percent = % reached
indicators-usage = Usage: /indicators DEADLINE_CODE (for example /indicators H3).
indicators-title = Indicators of deadline { $code }: { $what }
indicators-hint = Give units their targets: /assign_targets { $code } (or attach a CSV/XLSX sheet). Add one: /indicators { $code } add Name | people | 70
indicators-no-target = no target
indicators-comparator-at-least = at least { $value }{ $unit }
indicators-comparator-more-than = over { $value }{ $unit }
indicators-comparator-all = { $value }%
indicators-none = Deadline { $code } has no indicators yet. Type /indicators { $code } to see the proposal.
indicators-none-proposed = The plan of deadline { $code } has no targets the reader could find. Add them by hand: /indicators { $code } add Name | people | 70
indicators-none-no-plan = Deadline { $code } was added by staff, not taken from a plan, so there are no targets to propose. Add them by hand: /indicators { $code } add Name | people | 70
indicators-proposed = Proposed indicators for deadline { $code } (read from the plan):
indicators-proposed-hint = Press "Use these indicators" (or type /indicators { $code } use), or add them one by one: /indicators { $code } add Name | people/unions/%/yes-no | target
indicators-use = Use these indicators
indicators-added = Deadline { $code } has { $n } { $n ->
        [one] indicator
       *[other] indicators
    }. Units report them with /report_figures.
indicators-add-usage = To add one: /indicators DEADLINE_CODE add Name | people (or unions, %, yes-no) | target, for example: /indicators H3 add New members | people | 70
indicators-problem-not-allowed = You may not set the indicators of this deadline.
indicators-problem-has-reports = Units have reported against indicator { $n }, so its measure cannot change; its name and target can.
indicators-problem-exists = This deadline already has indicators; the whole list cannot be replaced. Add: /indicators CODE add …, correct: /indicators CODE fix NUMBER …
indicators-problem-unknown-indicator = There is no indicator number { $n }.
indicators-fix-usage = To correct one: /indicators DEADLINE_CODE fix NUMBER Name | people (or unions, %, yes-no) | target, for example: /indicators H3 fix 1 New members | people | 80
indicators-fixed = Indicator { $n } of deadline { $code } is corrected.
indicators-problem-empty = There are no indicators to save.
assign-pick-indicator = Which indicator?
assign-ask-unit = For which unit? Type its code (for example LC).
assign-unknown-unit = No unit has that code. Please type it again.
assign-ask-total = { $unit } has no target for "{ $indicator }". Type the target.
assign-ask-total-current = The target of { $unit } for "{ $indicator }" is { $current }. Type a new one, or "keep".
assign-need-total = The unit has no target yet. Please type one.
assign-ask-way = How should it be split among the units under it?
assign-way-even = Evenly
assign-way-members = By membership
assign-way-hand = By hand
assign-way-none = Do not split
assign-ask-hand = One unit per line: UNIT_CODE target. For example:
    { $example }
assign-bad-hand = Each line needs UNIT_CODE target, for example LC-TD 20.
assign-review = Split of "{ $indicator }" for { $unit } ({ $total }):
    { $lines }
assign-review-more = … and { $n } more units ({ $min } to { $max } each)
assign-saved = Targets given to { $n } { $n ->
        [one] unit
       *[other] units
    } under { $unit }.
assign-saved-one = The target of { $unit } is saved.
assign-saved-one-not-reporting = The target of { $unit } is saved. The units under it do not report this deadline's figures (they cannot use /report_figures), so it is not split further.
assign-sheet-which = Which deadline are the targets in { $file } for? Choose one to import it (as /assign_targets CODE with the file attached would).
assign-sheet-no-deadline = No deadline has indicators to import this file into yet. Set them first with /indicators CODE, then send the file with /assign_targets CODE as its caption.
assign-imported = { $n } { $n ->
        [one] target
       *[other] targets
    } imported for deadline { $code }.
assign-import-refused = The targets sheet was not imported (nothing was changed):
assign-import-line = Line { $line }: { $problem }
progress-problem-unknown-unit = No unit or deadline has the code { $unit }.
progress-problem-not-allowed = You can see the progress of your own unit and the units under it only; { $unit } is outside it.
progress-problem-no-scope = Only union chairs and staff can see progress.
progress-problem-unknown-deadline = There is no deadline { $code }.
progress-problem-no-figures = No figures deadline with indicators covers { $unit } yet.
progress-problem-nothing-due = This deadline has no reporting period yet.
progress-title = PROGRESS { $code }: { $what } — { $unit } ({ $unitCode })
progress-period = Period: { $period } (due { $due }); { $reported }/{ $owing } { $owing ->
        [one] unit
       *[other] units
    } reported
progress-this-period = this period { $value }
progress-strive = aim
progress-more-children = … and { $n } more { $n ->
        [one] unit
       *[other] units
    } (see the /export workbook).
progress-trend = By period: { $trend }
progress-drill = One unit: type { $command } UNIT_CODE { $code }
progress-all-reported = Every unit has reported for this period.
progress-missing = Not reported ({ $n }): { $units }
progress-more = and { $n } more
progress-chart-title = Progress { $code } — { $unit }
progress-chart-trend = Running total by period
progress-chart-value = Figure
progress-chart-period = Period
progress-chart-caption = Units directly under (red tick: target) and progress by period (red line: target)

# Charts of many units (#27): at most 25 bars, the rest counted
progress-chart-trend-period = Each period's figure
progress-chart-not-reported = not reported
progress-chart-not-drawn = { $n ->
    [one] { $n } other unit
   *[other] { $n } other units
  } not drawn (drawn: the { $drawn } furthest behind); full list: /export
chart-not-drawn = { $n ->
    [one] { $n } other unit
   *[other] { $n } other units
  } not drawn (drawn: the { $drawn } with the lowest participation); full list: /export

## Zalo
zalo-answer-hint = Answer with a number: { $list }
zalo-answer-words = Or type: { $words }.
zalo-answer-words-only = You may type: { $words }.
chat-removed-chair = The bot was removed from the group «{ $title }» of { $unit }: announcements and deadline reminders will no longer reach it. Add the bot to the group again and it works at once, with no new link needed.
chat-returned = The bot is back in the group. The group is still linked to { $unit }; no new link is needed.
offer-how-to-choose-one = To answer “{ $label }”, type 1 or “{ $label }”, or quote that message with 1.
offer-how-to-choose = To answer, type the number of your choice: { $list }, or quote that message with the number.
zalo-welcome = Welcome { $names } to the group of { $unit }! I am the union assistant: type /help to see what I can do (opinions on drafts, report deadlines, announcements).
zalo-bot-added = Hello! I am the union assistant. The union chair types /link UNIT_CODE to link this group to its unit; everyone can type /help to see the commands.
zalo-recalled = { $name } recalled a message I had already taken in. If it was a wrong answer, type /cancel and start again; an opinion is only stored when you confirm it at the last step.
zalo-file-late = Zalo has not confirmed { $count ->
    [one] the file
   *[other] the files
} { $files } yet, so { $count ->
    [one] it
   *[other] they
} may arrive a few minutes late. If nothing has arrived in a while, send { $command } again.
zalo-file-failed = Could not send the file { $files }. Please try again in a few minutes: send { $command } again.
zalo-same-command = the same command
zalo-stopped-refused = Zalo refused the bot's login session (expired, or logged out on the phone), so the bot has stopped on Zalo. The server's administrator runs `npm run zalo:login`, scans the QR code with the bot account's Zalo app, and restarts the bot.
zalo-stopped-duplicate = The bot's Zalo account was opened in another Zalo Web session, so the bot has stopped on Zalo instead of fighting over the session. Close the other session, then restart the bot.

## Zalo Bot (Zalo's official bot platform)
zalo-bot-picture-elsewhere = (The chart cannot be sent through Zalo Bot: the server has no public address, PUBLIC_URL. See it with /tally on Telegram or on the bot's web pages.)
zalo-bot-file-link = 📎 { $name }: { $url } (the link works for { $hours } hours)
zalo-bot-file-elsewhere = 📎 { $name }: Zalo Bot cannot send files, and the server has no public address (PUBLIC_URL) to download them from. Type this command again on Telegram or on the bot's web pages.
export-not-started = I could not send the reports to { $name }'s private chat: Zalo Bot can write only to people who have written to it privately first. Find the bot in Zalo, send it a private message (for example /start), then type the command again. I do not post the reports in the group because they name the people who gave opinions.
zalo-bot-stopped = Zalo refused the Zalo Bot's token, so the bot has stopped on Zalo Bot (the other channels go on). The server's administrator takes a new token in Zalo Bot Manager, puts it in ZALO_BOT_TOKEN and restarts the bot.

## Playground
playground-no-reminder = No reminder is coming up. Add a deadline with /add_deadline or announce a plan with report deadlines.
playground-advanced = Moved the clock to { $at }: { $n } scheduled { $n ->
        [one] message
       *[other] messages
    } (reminders, digests, consultation notices) queued.

## /web (/trangweb): the web view for staff and chairs
cmd-web = open the web view of your units (a one-time link)
web-private-only = The web link is yours alone: send /web in your private chat with the bot.
web-off = The web view is not switched on on this server (an administrator needs to set PUBLIC_URL).
web-no-scope = The web view is for union chairs and staff; you hold neither role in any unit.
web-too-many = You asked for several links within an hour. Please try again after { $time }.
web-link = Open your web view: { $url }
    The link works once, within { $minutes } minutes; do not pass it on.
web-see = See it on the web
web-see-line = See it on the web: { $url } (type /web in the private chat to sign in)

## The web view's pages (src/web/): the frame, getting in, refusals, and each page's words
webv-brand = Union Assistant · Web view
webv-footer = View only. Changes are still made in the chat with the bot.
webv-home-title = Overview
webv-none = Nothing yet.
webv-error-title = Something went wrong
webv-error = This page could not be opened. Please try again in a few minutes.
webv-signed-out-title = Open the web view again
webv-signed-out = Your web view session has ended or was never opened. Send /web in your private chat with the bot for a new link.
webv-no-scope-title = Nothing to show
webv-no-scope = The web view is for union chairs and staff; you hold neither role in any unit now.
webv-outside-scope-title = This page cannot be shown
webv-outside-scope = This page is outside your units, or does not exist. Please go back to the overview.
webv-not-found-title = No such page
webv-not-found = There is no page at this address. Please go back to the overview.
webv-no-figures-title = No figures yet
webv-no-figures = This deadline has no indicators yet, or no reporting period has come.
webv-link-unknown-title = This link does not work
webv-link-unknown = This link is not valid. Send /web in your private chat with the bot for a new link.
webv-link-used-title = This link was already used
webv-link-used = This link has already been used once. Send /web in your private chat with the bot for a new link.
webv-link-expired-title = This link has expired
webv-link-expired = This link is older than 15 minutes. Send /web in your private chat with the bot for a new link.
webv-login-title = Open the web view
webv-login-intro = Press the button to open your web view (the link works only once).
webv-login-button = Open the web view
webv-miniapp-wait = Opening…
webv-miniapp-refused = Telegram could not confirm who you are (or it was more than an hour ago). Close and open it again from the button in Telegram, or send /web.
webv-scope = Your scope
webv-announcements = Latest announcements
webv-deadlines = Reporting deadlines
webv-consultations = Open consultations
webv-figures = Figures against targets
webv-announcement-line = Plan { $seq }: { $title } — { $acked }/{ $units } units acknowledged ({ $percent })
webv-deadline-line = { $code }: { $title } — { $submitted }/{ $units } submitted, { $overdue } overdue
webv-consultation-line = { $code }: { $title } — { $people }/{ $members } took part ({ $percent })
webv-figure-line = { $code }: { $indicator } — { $value }/{ $target } ({ $percent })
webv-col-code = Code
webv-col-name = Unit
webv-col-kind = Kind
webv-col-members = Members
webv-col-units = Units under it
webv-col-groups = Group chats
webv-col-overdue = Overdue reports
webv-col-ack-by = Acknowledged by
webv-col-ack-at = At
webv-col-delivery = Delivery
webv-col-state = State
webv-col-people = People
webv-col-participation = Share
webv-col-opinions = Individual opinions
webv-col-meetings = Meetings
webv-col-meeting-opinions = Meeting opinions
webv-col-item = Item
webv-col-value = Result
webv-col-target = Target
webv-col-reported = Reported
webv-col-period = Period
webv-col-period-value = In the period
webv-previous = ‹ Previous
webv-next = Next ›
webv-page = Page { $page } of { $pages } ({ $rows } units)
webv-children = Units under it ({ $n })
webv-no-children = This unit has no units under it.
webv-more-rows = … and { $n } more units.
webv-about-unit = The unit's consultations and figures
webv-consultation-of = Consultation { $code }: { $title }
webv-figures-of = Figures { $code }: { $title }
webv-downloads = Download the report:
webv-announcement-title = Plan { $seq }: { $title }
webv-acked-of = { $acked } of { $units } units acknowledged
webv-acked = Acknowledged ({ $n })
webv-not-acked = Not yet ({ $n })
webv-no-group = No group chat to receive it ({ $n })
webv-delivery = sent to { $sent }/{ $chats } groups, { $failed } failed
webv-delivery-no-group = no linked group chat
webv-delivery-removed = the bot was removed from the group
webv-periods = Periods
webv-period-state = Period { $period } (due { $date })
webv-no-period = This deadline has no period yet.
webv-participation = { $people }/{ $members } members gave opinions, { $opinions } individual opinions
webv-by-unit = By unit
webv-by-item = By item and kind
webv-opinions = Opinions ({ $n })
webv-more-opinions = … and { $n } more opinions in the .xlsx file.
webv-indicator = { $name }: { $value }/{ $target }
webv-figures-title = { $code }: { $what } — { $unit }
webv-figures-period = Period { $period }; { $missing } units have not reported.
