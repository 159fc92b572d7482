## General
error-generic = Sorry, something went wrong. Nothing you sent is lost; please try again in a few minutes.
command-unknown = There is no command /{ $name }. Type /help to see the commands.
command-too-long = That command is too long (at most { $max } characters). Please shorten it.
button-unknown = This button no longer works. Type /help to see the commands.
fallback-private = I did not understand that. Type /help to see the commands.
fallback-group = Type /help to see what I can do.
continue-privately = Continue privately
not-allowed = You are not allowed to do this.

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
