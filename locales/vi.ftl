## Chung
error-generic = Xin lỗi, có lỗi khi xử lý yêu cầu. Dữ liệu của bạn không bị mất; vui lòng thử lại sau ít phút.
storage-unavailable = Xin lỗi, bot chưa lưu được dữ liệu lúc này (lỗi lưu trữ). Vui lòng thử lại sau ít phút.
command-unknown = Không có lệnh /{ $name }. Gõ /trogiup để xem các lệnh.
command-too-long = Lệnh quá dài (tối đa { $max } ký tự). Vui lòng gõ ngắn gọn hơn.
button-unknown = Nút này không còn dùng được. Gõ /trogiup để xem các lệnh.
fallback-private = Tôi chưa hiểu tin nhắn này. Gõ /trogiup để xem các lệnh.
fallback-group = Gõ /trogiup để xem tôi giúp được gì.
continue-privately = Tiếp tục riêng
not-allowed = Bạn không có quyền làm việc này.
reply-failed =
    Xin lỗi, bot chưa gửi được { $kind ->
        [file] tệp
        [picture] biểu đồ
       *[other] tin trả lời
    } cho bạn sau nhiều lần thử. Vui lòng thử lại sau ít phút.

## Hội thoại
conversation-none = Hội thoại này đã kết thúc. Gõ lại lệnh để bắt đầu.
conversation-expired = Hội thoại đã hết hạn vì lâu không trả lời. Những gì đã gửi trước đó vẫn được giữ. Gõ lại lệnh để bắt đầu lại.
conversation-old-button = Nút đó thuộc câu hỏi trước. Vui lòng trả lời câu hỏi dưới đây.
conversation-choose-one = Vui lòng chọn một trong các lựa chọn (bấm nút hoặc gõ số từ 1 đến { $count }).
conversation-text-or-voice = Vui lòng gõ nội dung hoặc gửi tin nhắn thoại.
conversation-text-only = Vui lòng trả lời bằng chữ.
conversation-empty = Câu trả lời đang trống. Vui lòng gõ nội dung.
conversation-invalid = Câu trả lời chưa đúng dạng. Vui lòng thử lại.
conversation-cancelled = Đã hủy. Gõ /trogiup để xem các lệnh.
conversation-nothing-to-cancel = Không có việc gì đang làm dở để hủy.
conversation-back = Quay lại
conversation-finish = Xong
conversation-stop = Hủy
conversation-first-step = Đây là câu hỏi đầu tiên, không có bước trước. Trả lời câu hỏi dưới đây, hoặc gõ «hủy» để dừng.
conversation-no-finish = Bước này chưa xong được: hãy trả lời câu hỏi dưới đây, gõ «quay lại» để về bước trước, hoặc «hủy» để dừng.
conversation-no-file = Câu hỏi này không cần tệp, nên tệp { $name } chưa được dùng. Trả lời câu hỏi dưới đây; muốn dùng tệp thì gõ «hủy» rồi gửi tệp kèm lệnh làm chú thích.
answer-too-long = Nội dung dài hơn giới hạn { $max } ký tự. Vui lòng rút gọn rồi gửi lại.

## Kỳ báo cáo (tên các kỳ của một báo cáo định kỳ)
period-month = tháng { $month }/{ $year }
period-quarter = quý { $roman }/{ $year }
period-half = { $half ->
        [1] 6 tháng đầu năm { $year }
       *[2] 6 tháng cuối năm { $year }
    }
period-year = năm { $year }
period-week = tuần đến { $day }

## Vai trò
role-member = đoàn viên
role-chair = chủ tịch công đoàn
role-staff = cán bộ
role-admin = quản trị
role-none = Bạn chưa thuộc đơn vị nào. Hãy nhắn trong nhóm của đơn vị mình hoặc nhờ chủ tịch công đoàn thêm bạn.
role-everywhere = toàn hệ thống
role-mine = Vai trò của bạn:
    { $roles }
    Mã (ID) của bạn: { $id }. Khi cần được cấp vai trò, hãy gửi mã này cho cán bộ công đoàn.
role-usage = Cách dùng: /vaitro them|bo chutich|canbo|doanvien MÃ_ĐƠN_VỊ [ID người dùng]. Không ghi ID thì bot đưa danh sách người của đơn vị để chọn; cũng có thể trả lời (reply) tin nhắn của người đó. Ví dụ: /vaitro them chutich LC-TD
role-who-id = Đó không phải là một ID. Chọn một người trong danh sách, hoặc gõ ID của họ (mỗi người xem ID của mình bằng lệnh /vaitro).
role-pick-grant = Cấp vai trò { $role } tại { $unit } cho ai? Chọn một người của đơn vị, hoặc gõ ID của người đó (mỗi người xem ID của mình bằng lệnh /vaitro).{ $more ->
        [yes] {" "}Danh sách chỉ hiện 20 người đầu.
       *[no] {""}
    }
role-pick-revoke = Bỏ vai trò { $role } tại { $unit } của ai? Chọn một người, hoặc gõ ID của người đó.{ $more ->
        [yes] {" "}Danh sách chỉ hiện 20 người đầu.
       *[no] {""}
    }
role-nobody-known = Bot chưa biết ai của { $unit }: chưa ai nhắn trong nhóm chat của đơn vị. Nhờ người cần cấp vai trò nhắn một tin trong nhóm đó (hoặc gõ /vaitro để xem ID của mình và gửi cho bạn), rồi gõ lại lệnh, ghi ID ở cuối; hoặc trả lời (reply) tin nhắn của họ bằng lệnh này.
role-nobody-holds = Không ai giữ vai trò { $role } tại { $unit }.
role-unknown-person = Chưa thấy người dùng { $id } nhắn tin với bot. Nhờ họ nhắn /batdau trước.
role-unknown-unit = Không tìm thấy đơn vị có mã { $code }.
role-not-allowed = Bạn không có quyền cấp hoặc bỏ vai trò này ở { $unit }.
role-bad-role = Chỉ cấp được vai trò chutich, canbo hoặc doanvien.
role-self = Bạn không thể tự cấp hoặc bỏ vai trò của chính mình. Nhờ người quản lý cấp trên.
role-granted = Đã cấp vai trò { $role } tại { $unit } cho { $person }.
role-already = { $person } đã có vai trò { $role } tại { $unit }.
role-revoked = Đã bỏ vai trò { $role } tại { $unit } của { $person }.
role-not-held = { $person } không có vai trò { $role } tại { $unit }.

## Bắt đầu, trợ giúp, ngôn ngữ
start-welcome = Xin chào { $name }! Tôi là trợ lý công đoàn: thông báo kế hoạch, lấy ý kiến góp ý, tổng hợp và nhắc hạn báo cáo.
help-intro = Các lệnh dành cho bạn ({ $role }):
help-cancel = Đang làm dở một việc? Gõ /huy để hủy.
help-section-member = Mọi người:
help-section-chair = Chủ tịch công đoàn:
help-section-staff = Cán bộ:
help-section-admin = Quản trị:
cmd-start = lời chào và hướng dẫn
cmd-help = các lệnh dành cho bạn
cmd-language = đổi ngôn ngữ (vi, en)
cmd-link = liên kết nhóm này với đơn vị: /lienket MÃ_ĐƠN_VỊ
cmd-unit = nhóm này thuộc đơn vị nào
cmd-role = xem hoặc cấp vai trò
cmd-role-for-member = xem vai trò của bạn
cmd-role-for-chair = xem vai trò của bạn
language-choose = Chọn ngôn ngữ:
language-name-vi = Tiếng Việt
language-name-en = English
language-set = Đã chuyển sang tiếng Việt.
language-unknown = Không có ngôn ngữ "{ $given }". Chọn vi hoặc en, ví dụ: /ngonngu en

## Đơn vị và liên kết nhóm
kind-province = LĐLĐ tỉnh
kind-district = LĐLĐ huyện/thành phố
kind-sector = công đoàn ngành
kind-grassroots = công đoàn cơ sở
kind-other = đơn vị
link-done = Đã liên kết nhóm này với { $unit } ({ $code }). Thông báo và nhắc hạn của đơn vị sẽ gửi vào đây.
link-not-group = Lệnh /lienket chỉ dùng trong nhóm chat của đơn vị.
link-no-code = Hãy ghi mã đơn vị, ví dụ: /lienket LC-TD
link-unknown-unit = Không tìm thấy đơn vị có mã { $code }. Kiểm tra lại mã (ví dụ LC-TD) hoặc hỏi cán bộ LĐLĐ.
link-inactive-unit = Đơn vị { $unit } đã ngừng hoạt động, không liên kết được.
link-not-allowed = Chỉ chủ tịch công đoàn hoặc cán bộ phụ trách { $unit } mới liên kết được nhóm.
link-not-allowed-previous = Nhóm này đang thuộc { $unit }; bạn không có quyền chuyển nhóm khỏi đơn vị đó.
unit-not-linked = Nhóm này chưa liên kết với đơn vị nào. Chủ tịch công đoàn gõ /lienket MÃ_ĐƠN_VỊ để liên kết.
unit-private = Đây là trò chuyện riêng.
    { $roles }
unit-info = Nhóm thuộc: { $unit } ({ $code }), { $kind }
    Số đoàn viên: { $members }
    Chủ tịch: { $chairs }
    Cấp trên: { $parent }
unit-no-chair = chưa có
unit-no-parent = không có (cấp cao nhất)

## Góp ý (thành viên)
cmd-opinion = góp ý vào dự thảo đang lấy ý kiến
cmd-my-opinions = xem, sửa, rút ý kiến của mình
cmd-meeting = nhập kết quả hội nghị lấy ý kiến của đơn vị
cmd-open-consultation = mở đợt lấy ý kiến
cmd-close-consultation = đóng đợt lấy ý kiến: /donggopy MÃ_ĐỢT
opinion-kind-agree = Đồng ý
opinion-kind-add = Bổ sung
opinion-kind-amend = Sửa đổi
opinion-kind-propose = Kiến nghị
opinion-kind-other = Khác
opinion-no-unit = Bạn chưa thuộc đơn vị nào nên chưa góp ý được. Hãy nhắn trong nhóm của đơn vị mình trước, hoặc nhờ chủ tịch công đoàn thêm bạn.
opinion-none-open = Hiện không có đợt lấy ý kiến nào đang mở cho đơn vị của bạn.
opinion-unknown-consultation = Không có đợt lấy ý kiến { $code } đang mở cho đơn vị của bạn.
opinion-continue-privately = Để góp ý riêng tư, bấm nút dưới đây và tiếp tục trong trò chuyện riêng với bot.
opinion-pick-consultation = Chọn đợt lấy ý kiến:
opinion-pick-item = { $title }
    Các nội dung lấy ý kiến:
    { $items }
    Bạn góp ý cho nội dung nào?
opinion-pick-kind = Ý kiến của bạn thuộc loại nào?
opinion-write = Hãy gõ ý kiến của bạn (tối đa { $max } ký tự), hoặc gửi tin nhắn thoại.
opinion-agree-write = Bạn có thể gõ thêm vài lời (không bắt buộc, tối đa { $max } ký tự), hoặc bấm nút để gửi ý kiến đồng ý.
opinion-agree-no-text = Đồng ý, không thêm ý kiến
opinion-no-text = (không kèm nội dung)
opinion-write-shorter = Hãy gửi bản rút gọn (tối đa { $max } ký tự; ý dài có thể chia thành nhiều ý kiến), hoặc gửi tin nhắn thoại.
opinion-too-long = Ý kiến dài { $length } ký tự, vượt giới hạn { $max } ký tự nên chưa được lưu.
opinion-pick-unit = Bạn thuộc nhiều đơn vị. Ý kiến này tính cho đơn vị nào? (Lần sau bot sẽ nhớ.)
opinion-voice = [tin nhắn thoại { $seconds } giây]
opinion-review = Xem lại trước khi gửi:
    Đợt: { $consultation }
    Nội dung: { $item }
    Loại ý kiến: { $kind }
    Ý kiến: { $text }
    Tính cho: { $unit }
opinion-send = Gửi
opinion-rewrite = Viết lại
opinion-cancel = Hủy
opinion-saved = Cảm ơn bạn! Ý kiến đã được ghi nhận. Gõ /ykiencuatoi để xem, sửa hoặc rút lại.
opinion-withdrawn = Đã rút ý kiến ({ $what }). Ý kiến này không còn được tính.
opinion-edited = Đã sửa ý kiến.
opinion-problem-closed = Đợt lấy ý kiến đã đóng, không nhận thêm hoặc sửa ý kiến.
opinion-problem-unit-not-covered = Đợt lấy ý kiến này không áp dụng cho đơn vị đã chọn.
opinion-problem-not-member = Bạn chưa là thành viên của đơn vị đã chọn.
opinion-problem-too-long = Ý kiến dài hơn { $max } ký tự.
opinion-problem-empty = Ý kiến đang trống.
opinion-problem-unknown-item = Nội dung góp ý không còn trong đợt này.
opinion-problem-not-found = Không tìm thấy ý kiến này trong các ý kiến của bạn.
opinion-problem-withdrawn = Ý kiến này đã được rút trước đó.
opinion-problem-not-allowed = Bạn không có quyền nhập kết quả cho đơn vị này.
my-opinions-none = Bạn chưa có ý kiến nào trong các đợt đang mở.
my-opinions-list = Ý kiến của bạn trong các đợt đang mở:
    { $list }
    Chọn một ý kiến để sửa hoặc rút lại:
my-opinions-place = { $code } · mục { $item } · { $kind }
my-opinions-chosen = Ý kiến { $n } ({ $place }):
    { $text }
my-opinions-edit = Sửa
my-opinions-withdraw = Rút lại
my-opinions-confirm-withdraw = Rút lại ý kiến { $n } ({ $what })? Sau khi rút, ý kiến không còn được tính.
my-opinions-withdraw-yes = Rút lại ý kiến này
my-opinions-no-such-number = Danh sách chỉ có { $count } ý kiến, không có ý kiến số { $n }. Gõ /ykiencuatoi để xem danh sách.
my-opinions-new-text = Gõ nội dung mới (tối đa { $max } ký tự):
my-opinions-usage = Cách dùng: /ykiencuatoi để xem danh sách, hoặc /ykiencuatoi rut SỐ để rút ý kiến số SỐ của danh sách đó (ví dụ /ykiencuatoi rut 2).

## Mở, đóng đợt lấy ý kiến (cán bộ)
consult-pick-source = Lấy các nội dung góp ý từ kế hoạch đã lưu, hay nhập tay?
consult-manual = Nhập tay
consult-title = Gõ tên đợt lấy ý kiến (ví dụ: Góp ý dự thảo văn kiện Đại hội):
consult-items = Gõ các nội dung cần góp ý, mỗi dòng một nội dung:
consult-items-count = Cần từ 1 đến 30 nội dung, mỗi dòng một nội dung.
consult-unit = Đợt này áp dụng cho đơn vị nào (cả các đơn vị cấp dưới)? Bấm chọn hoặc gõ mã đơn vị. Ví dụ: { $examples }
consult-unknown-unit = Không tìm thấy mã đơn vị này. Vui lòng gõ lại (ví dụ LC-TD).
consult-unit-not-allowed = Đơn vị này nằm ngoài phạm vi của bạn.
consult-closes = Hạn cuối nhận ý kiến? Ví dụ: 30/6/2026, trước ngày 30/6/2026, cuối tháng 6/2026.
consult-bad-date = Chưa đọc được ngày. Ví dụ hợp lệ: 30/6/2026, trước ngày 30/6/2026, cuối tháng 6/2026.
consult-date-past = Ngày này đã qua. Vui lòng chọn một ngày sau hôm nay.
consult-review = Mở đợt lấy ý kiến:
    { $title }
    { $items }
    Đơn vị: { $unit }
    Hạn cuối: { $closes }
consult-open = Mở đợt
consult-opened = Đã mở đợt lấy ý kiến { $code }: { $title }
    Áp dụng: { $unit } và các đơn vị trực thuộc. Hạn cuối: { $closes }.
    Đoàn viên gõ /gopy để góp ý.
consult-problem-unknown-unit = Không tìm thấy đơn vị.
consult-problem-not-allowed = Bạn không có quyền mở đợt lấy ý kiến cho đơn vị này.
consult-problem-no-items = Đợt lấy ý kiến cần ít nhất một nội dung.
consult-problem-closes-in-past = Hạn cuối đã qua.
consult-problem-bad-title = Tên đợt trống hoặc quá dài.
consult-close-usage = Cách dùng: /donggopy MÃ_ĐỢT. Các đợt đang mở:
    { $open }
consult-close-unknown = Không có đợt lấy ý kiến { $code }.
consult-close-not-allowed = Bạn không có quyền đóng đợt { $code }.
consult-close-already-closed = Đợt { $code } đã đóng rồi.
consult-closed = Đã đóng đợt { $code }: { $title } lúc { $at }. Gõ /tonghop để xem kết quả.
consult-notice-open = Đợt lấy ý kiến { $code } đã mở: { $title }
    Áp dụng: { $unit } và các đơn vị trực thuộc. Nhận ý kiến đến { $closes }.
    Đoàn viên gõ /gopy { $code } để góp ý.
consult-notice-remind = Nhắc góp ý — { $unit }: đợt { $code } ({ $title }) đóng lúc { $closes }. { $below ->
        [tree] Đơn vị và các đơn vị trực thuộc mới có
       *[own] Đơn vị mới có
    } { $people }/{ $members } đoàn viên góp ý. Gõ /gopy { $code } để góp ý.
consult-notice-closed = Đợt lấy ý kiến { $code } ({ $title }) đã kết thúc. Cảm ơn { $unit }: { $people } đoàn viên{ $below ->
        [tree] {" "}của đơn vị và các đơn vị trực thuộc
       *[own] {""}
    } đã góp { $opinions } ý kiến.
consult-notice-closed-none = Đợt lấy ý kiến { $code } ({ $title }) đã kết thúc. { $unit } không có ý kiến nào trong đợt này.
consult-notice-meetings = Qua hội nghị: { $meetings } hội nghị, { $opinions } ý kiến.

## Kết quả hội nghị (chủ tịch)
meeting-chairs-only = Chỉ chủ tịch công đoàn hoặc cán bộ mới nhập được kết quả hội nghị.
meeting-pick-unit = Hội nghị của đơn vị nào?
meeting-existing = Đơn vị đã có kết quả hội nghị ngày { $date } ({ $attendees } người dự). Nhập lại sẽ thay thế kết quả cũ.
meeting-date = Hội nghị họp ngày nào? (ví dụ 15/5/2026)
meeting-bad-date = Chưa đọc được ngày. Vui lòng gõ theo dạng ngày/tháng/năm, ví dụ 15/5/2026.
meeting-date-future = Ngày họp không thể ở tương lai.
meeting-attendees = Có bao nhiêu người dự hội nghị?
meeting-bad-number = Vui lòng gõ một số, ví dụ 45.
meeting-counts = Nội dung { $n }/{ $total }: { $item }
    Gõ số ý kiến theo thứ tự: { $kinds }. Ví dụ: 12 3 0 2 1
meeting-current = Đang nhập: { $counts }; ý chính: { $points }
meeting-bad-counts = Cần đúng { $count } số, cách nhau bởi dấu cách. Ví dụ: 12 3 0 2 1
meeting-points = Các ý chính của nội dung { $n } (tối đa { $max } ký tự), hoặc gõ - nếu không có:
meeting-review = Kết quả hội nghị của { $unit }, ngày { $date }, { $attendees } người dự:
    { $lines }
meeting-review-points = Ý chính: { $points }
meeting-edit = Sửa
meeting-save-anyway = Vẫn lưu
meeting-odd-confirm = Kiểm tra lại: bấm «Sửa» để sửa, hoặc «Vẫn lưu» nếu số liệu đúng.
meeting-odd-before-open = Ngày họp { $date } trước ngày mở đợt { $code } ({ $opened }).
meeting-odd-attendees = Số người dự ({ $attendees }) nhiều hơn số đoàn viên của { $unit } ({ $members }).
meeting-odd-counts = Nội dung { $n } có { $total } ý kiến, nhiều hơn số người dự ({ $attendees }).
meeting-edit-which = Sửa mục nào?
meeting-edit-date = Ngày họp
meeting-edit-attendees = Số người dự
meeting-edit-item = Nội dung { $n }: { $item }
meeting-save = Lưu
meeting-saved = Đã lưu kết quả hội nghị. Kết quả được tính riêng là "qua hội nghị" trong tổng hợp.
meeting-updated = Đã cập nhật kết quả hội nghị.

## Tổng hợp và báo cáo
cmd-tally = tổng hợp ý kiến: /tonghop [MÃ_ĐƠN_VỊ] [MÃ_ĐỢT]
cmd-export = xuất báo cáo xlsx, csv, docx: /xuatbaocao [MÃ_ĐƠN_VỊ] [MÃ_ĐỢT]
tally-problem-unknown-unit = Không tìm thấy đơn vị hoặc đợt có mã { $code }.
tally-problem-not-allowed = Bạn chỉ xem được tổng hợp của đơn vị mình và các đơn vị trực thuộc; { $unit } nằm ngoài phạm vi đó.
tally-problem-no-scope = Chỉ chủ tịch công đoàn và cán bộ mới xem được tổng hợp.
tally-problem-unknown-consultation = Không có đợt lấy ý kiến { $code }.
tally-problem-no-consultation = Chưa có đợt lấy ý kiến nào cho { $unit }.
tally-title = TỔNG HỢP Ý KIẾN { $code }: { $title }
tally-unit = { $unit } ({ $code }), { $state }, lúc { $at }
tally-open = đang mở
tally-closed = đã đóng
tally-people = Đoàn viên góp ý: { $people }/{ $members } ({ $pct })
tally-opinions = Ý kiến cá nhân: { $n } ({ $kinds })
tally-meetings = Qua hội nghị: { $meetings } hội nghị, { $attendees } người dự, { $n } ý kiến ({ $kinds })
tally-not-taken-part = Đơn vị chưa tham gia: { $n }/{ $total }
tally-by-item = Theo nội dung (cá nhân + qua hội nghị):
tally-item-counts = { $own } + { $meeting }
tally-children = Đơn vị trực thuộc:
tally-child = { $people }/{ $members } người ({ $pct }), { $opinions } ý kiến cá nhân, { $meetings } hội nghị ({ $meetingOpinions } ý kiến)
tally-more-children = … và { $n } đơn vị khác (xem trong tệp báo cáo).
tally-drill = Xem một đơn vị: gõ { $command } MÃ_ĐƠN_VỊ { $code }
tally-command = /tonghop
tally-files-hint = Chi tiết: /xuatbaocao { $unit } { $code }
chart-title = Tổng hợp { $code } — { $unit }
chart-participation = Tỷ lệ đoàn viên góp ý (%)
chart-opinions = Số ý kiến
chart-individual = Cá nhân
chart-meeting = Qua hội nghị
chart-unit = Đơn vị
chart-caption = Tỷ lệ tham gia và số ý kiến theo đơn vị trực thuộc
export-private = Báo cáo có tên người góp ý nên chỉ gửi trong trò chuyện riêng. Bấm nút dưới đây.
export-ready = Báo cáo tổng hợp { $code } của { $unit }: bảng tính, danh sách ý kiến (CSV) và báo cáo Word.
export-sent-privately = Báo cáo có tên người góp ý nên tôi gửi vào trò chuyện riêng với { $name }, không gửi vào nhóm.
export-not-friends = Tôi không gửi được báo cáo vào trò chuyện riêng với { $name }: Zalo chỉ cho gửi khi bạn đã kết bạn với tài khoản của tôi. Hãy kết bạn với tài khoản này rồi gõ lại lệnh. Tôi không gửi báo cáo vào nhóm vì báo cáo có tên người góp ý.
# Exports at country scale (#27): every opinion, split into parts when too long, and said so
export-split = Danh sách có { $total } ý kiến, dài hơn một tệp nên giữ, nên được chia thành { $parts } tệp .csv (mỗi tệp tối đa { $per } ý kiến) và { $parts } trang tính "Ý kiến (1)"… trong tệp .xlsx; không ý kiến nào bị bỏ.
report-part-note = Phần { $part }/{ $parts } của danh sách { $total } ý kiến (mỗi phần tối đa { $per } ý kiến); các phần khác ở tệp .csv và trang tính cùng tên, số phần khác.
report-docx-more-opinions = Báo cáo trích { $shown } trong { $total } ý kiến; toàn bộ ý kiến có trong tệp .xlsx và .csv gửi kèm.
report-author-hidden = (ẩn danh)
report-sheet-rollup = Tổng hợp
report-sheet-opinions = Ý kiến
report-sheet-meetings = Hội nghị
report-col-id = Mã ý kiến
report-col-unit-code = Mã đơn vị
report-col-unit = Đơn vị
report-col-item = Nội dung
report-col-kind = Loại ý kiến
report-col-date = Ngày
report-col-text = Ý kiến
report-col-author = Người góp ý
report-col-members = Số đoàn viên
report-col-people = Người góp ý
report-col-participation = Tỷ lệ (%)
report-col-opinions = Ý kiến cá nhân
report-col-meetings = Số hội nghị
report-col-attendees = Người dự
report-col-meeting-opinions = Ý kiến qua hội nghị
report-col-key-points = Ý chính
report-docx-number = Số: ......./BC-CĐ
report-docx-intro = Thực hiện đợt lấy ý kiến { $code }, { $unit } báo cáo kết quả tổng hợp ý kiến góp ý của đoàn viên, người lao động như sau:
report-docx-section-figures = I. KẾT QUẢ CHUNG
report-docx-title = Tổng hợp ý kiến góp ý { $title }
report-docx-figures = Số đoàn viên góp ý: { $people }/{ $members } ({ $pct }); số ý kiến cá nhân: { $opinions }; số hội nghị lấy ý kiến: { $meetings } với { $attendees } người dự, { $meetingOpinions } ý kiến; tổng số ý kiến: { $total }.
report-docx-col-kind = Loại ý kiến
report-docx-col-own = Cá nhân
report-docx-col-meeting = Qua hội nghị
report-docx-col-total = Tổng cộng
report-docx-row-total = Tổng số
report-docx-not-taken-part = Số đơn vị chưa tham gia: { $n }/{ $total }.
report-docx-section-opinions = II. Ý KIẾN THEO TỪNG NỘI DUNG
report-docx-via-meetings = Qua hội nghị:
report-docx-attendees = người dự

## Thông báo kế hoạch
cmd-announce = gửi thông báo, kế hoạch xuống các đơn vị
cmd-status = tình trạng gửi và xác nhận: /tinhtrang [SỐ]
announce-staff-only = Chỉ cán bộ LĐLĐ mới gửi được thông báo.
announce-private = Soạn thông báo trong trò chuyện riêng với bot. Bấm nút dưới đây.
announce-send-content = Gửi tệp kế hoạch (.docx, .pdf, .txt) hoặc dán nội dung thông báo vào đây.
announce-file-offer = Bạn vừa gửi một kế hoạch. Dưới đây là bản xem trước để thông báo xuống các đơn vị; bấm «Hủy» nếu bạn không định gửi.
announce-download-failed = Không tải được tệp. Vui lòng gửi lại.
announce-file-unsupported = Chỉ đọc được tệp .docx, .pdf, .txt. Vui lòng gửi tệp khác hoặc dán nội dung.
announce-file-broken = Tệp bị hỏng, không mở được. Vui lòng kiểm tra và gửi lại.
announce-file-empty = Tệp không có chữ (bản quét cần nhận dạng chữ trước). Vui lòng gửi tệp khác hoặc dán nội dung.
announce-file-not-a-plan = Tệp không có dạng văn bản kế hoạch (không thấy KẾ HOẠCH, THÔNG BÁO…). Vui lòng gửi tệp khác hoặc dán nội dung.
announce-preview = Xem trước:
    { $type } số { $number } ngày { $date }
    { $title }
announce-preview-plain = Xem trước thông báo:
    { $text }
announce-no-deadlines = (không thấy hạn nào)
announce-pick-targets = Gửi tới đơn vị nào?
announce-preview-deadlines = Hạn báo cáo:
announce-deadline-past = ⚠ đã qua
announce-deadline-past-skipped = ⚠ đã qua, sẽ không tạo
announce-past-skip-old = Không tạo { $n } hạn đã qua hơn 30 ngày (bot không nhắc việc đã cũ).
announce-past-skip-all = Không tạo { $n } hạn đã qua.
announce-past-keep = Vẫn tạo cả { $n } hạn đã qua; đơn vị chưa nộp sẽ được nhắc quá hạn.
announce-past-choose-none = Vẫn tạo các hạn đã qua
announce-past-choose-all = Bỏ mọi hạn đã qua
announce-past-choose-old = Chỉ bỏ hạn đã qua hơn 30 ngày
announce-recurring-first = { $phrase }, lần đầu { $date }
announce-recurring-first-only = lần đầu { $date }
announce-recurring-over = { $phrase } — mọi kỳ đã qua, sẽ không tạo hạn
announce-preview-items = Nội dung lấy ý kiến:
announce-preview-periods = Thời gian:
announce-preview-events = Sự kiện (không nhắc hạn; nếu S1 là hạn báo cáo: «Sửa» → «Hạn báo cáo» → gõ «sk 1»):
announce-blank-ask = Hạn «{ $text }» ({ $what }) còn để trống { $missing }. Gõ ngày đầy đủ, ví dụ 07/5/2026, hoặc «bỏ» để không tạo hạn này.
announce-blank-day = ngày
announce-blank-month = tháng
announce-blank-day-month = ngày và tháng
announce-blank-bad = Chưa hiểu ngày này. Gõ theo dạng ngày/tháng/năm, ví dụ 07/5/2026, hoặc «bỏ».
announce-preview-signer = Người ký: { $signer }
announce-preview-recipients = Nơi nhận:
announce-warn-past = ⚠ { $n } hạn đã qua so với hôm nay. Kiểm tra lại năm của kế hoạch, hoặc bấm «Sửa» để sửa hạn.
announce-warn-unread = ⚠ Bot chưa đọc được: { $fields }. Bấm «Sửa» để điền số, ngày, tiêu đề hoặc hạn.
announce-warn-cut = ⚠ Nội dung dán vào dài bằng một tin nhắn nên có thể đã bị cắt. Nếu kế hoạch dài hơn, hãy hủy (/huy) rồi gửi tệp .docx, .pdf hoặc .txt.
announce-field-number = số văn bản
announce-field-date = ngày ban hành
announce-field-issuer = cơ quan ban hành
announce-field-signer = người ký
announce-field-recipients = nơi nhận
announce-field-deadlines = hạn báo cáo
announce-too-long-send-file = Nội dung quá dài để dán vào một tin nhắn (quá { $max } ký tự với thông báo thường). Hãy gửi kế hoạch dưới dạng tệp .docx, .pdf hoặc .txt.
announce-paste-continued = Có vẻ đây là phần tiếp theo của một kế hoạch dài bị cắt thành nhiều tin nhắn. Hãy gõ /huy rồi gửi kế hoạch dưới dạng tệp .docx, .pdf hoặc .txt.
announce-target-level = Chỉ một cấp đơn vị
announce-edit = Sửa số, ngày, tiêu đề, hạn
announce-pick-level = Gửi tới cấp đơn vị nào (trong phạm vi của bạn)?
announce-level = Chỉ { $kind } ({ $n } đơn vị)
announce-back = Quay lại
announce-codes-refused = { $problems }
    Chưa gửi gì. Hãy gõ lại các mã cho đúng.
announce-pick-reach = Gửi tới { $codes }: chỉ các đơn vị này, hay cả các đơn vị trực thuộc?
announce-reach-only = Chỉ các đơn vị này ({ $n } đơn vị)
announce-reach-below = Các đơn vị này và toàn bộ đơn vị trực thuộc ({ $n } đơn vị)
announce-nobody = Không có nhóm chat nào để gửi, nên chưa gửi được. Chọn lại đơn vị nhận, hoặc gõ mã đơn vị khác.
announce-change-targets = Chọn lại đơn vị nhận
announce-edit-which = Sửa mục nào?
announce-edit-number = Số văn bản
announce-edit-date = Ngày ban hành
announce-edit-title = Tiêu đề
announce-edit-deadlines = Hạn báo cáo
announce-edit-ask-number = Số hiện tại: { $current }. Gõ số đúng, ví dụ 122/KH-LĐLĐ
announce-edit-ask-date = Ngày hiện tại: { $current }. Gõ ngày ban hành đúng, ví dụ 14/02/2025
announce-edit-ask-title = Tiêu đề hiện tại:
    { $current }
    Gõ tiêu đề đúng.
announce-edit-ask-deadlines = Các hạn hiện tại:
    { $current }
    Gõ «2: 15/8/2025» để đổi ngày của hạn 2 (hoặc «2: hàng tháng»), «bỏ 2» để bỏ hạn 2, «thêm: 30/9/2025: Báo cáo quý III» hoặc «thêm: hàng quý: Báo cáo số liệu» để thêm hạn, «sk 1» để đổi sự kiện S1 thành hạn. Sửa xong bấm «Xong».
announce-edit-bad-number = Số văn bản có dạng SỐ/KÝ-HIỆU, ví dụ 122/KH-LĐLĐ.
announce-edit-bad-date = Chưa hiểu ngày này. Gõ theo dạng ngày/tháng/năm, ví dụ 14/02/2025.
announce-edit-bad-title = Tiêu đề cần từ 5 đến 600 ký tự.
announce-edit-bad-deadline = Chưa hiểu. Dùng «2: 15/8/2025», «bỏ 2», «thêm: 30/9/2025: nội dung báo cáo», «thêm: hàng quý: nội dung báo cáo» hoặc «sk 1» (số thứ tự theo danh sách trên), hoặc bấm «Xong».
announce-edited-deadline = Đã sửa. Sửa tiếp, hoặc bấm «Xong» để xem lại bản xem trước.
announce-edited = Đã sửa. Xem lại bản xem trước:
announce-target-all = Toàn bộ đơn vị tôi phụ trách
announce-target-kinds = Theo Nơi nhận: { $kinds }
announce-target-codes = Nhập mã đơn vị
announce-codes = Gõ các mã đơn vị, cách nhau bởi dấu cách hoặc dấu phẩy, ví dụ: LC-TD LC-PT
announce-unknown-codes = Không có các mã: { $codes }
announce-outside-scope = Ngoài phạm vi của bạn, sẽ không gửi: { $codes }
announce-count = { $chats ->
        [0] Không đơn vị nào được chọn có nhóm chat để nhận.
       *[other] Sẽ gửi tới { $chats } nhóm chat của { $reached } đơn vị{ $without ->
            [0] {""}
           *[other] ; { $without } đơn vị khác được chọn chưa có nhóm liên kết nên chưa nhận được
        }.
    }
announce-lost-groups = { $n } đơn vị: bot đã bị xóa khỏi nhóm, nên không gửi được ({ $codes }). Thêm bot lại vào nhóm là nhận được, không cần liên kết lại.
announce-send = Gửi
announce-queued = Đã xếp thông báo số { $seq } vào hàng gửi: { $chats } nhóm chat, { $units } đơn vị. Xem tình trạng: /tinhtrang { $seq }
announce-heading = THÔNG BÁO { $type } số { $number } ngày { $date }
announce-heading-plain = THÔNG BÁO
announce-deadlines = Hạn báo cáo:
announce-deadlines-of = Hạn báo cáo của { $who } (đơn vị bạn không phải nộp các báo cáo này lên { $root }):
announce-owing-below = các đơn vị trực thuộc { $unit }
announce-ack-hint = Đề nghị đơn vị bấm "Đã nhận" để xác nhận (thông báo số { $seq }).
announce-ack-button = Đã nhận
announce-failed-blocked = Thông báo số { $seq } không gửi được tới { $unit }: bot đã bị chặn hoặc bị xóa khỏi nhóm. Đề nghị liên hệ đơn vị để thêm lại bot.
announce-failed = Thông báo số { $seq } không gửi được tới { $unit } sau nhiều lần thử.
announce-failed-file = Tệp kế hoạch của thông báo số { $seq } không gửi được tới { $unit } sau nhiều lần thử (nội dung tóm tắt vẫn được gửi riêng). Đề nghị gửi tệp cho đơn vị bằng cách khác.
announce-failed-rejected = Thông báo số { $seq } không gửi được tới { $unit }: nền tảng từ chối tin nhắn.
ack-done = Đã ghi nhận: { $unit } đã nhận thông báo (người xác nhận: { $name }).
ack-already = { $unit } đã xác nhận trước đó ({ $by }, lúc { $at }).
ack-unknown = Thông báo này không còn.
ack-no-unit = Nhóm này chưa liên kết với đơn vị nào nên chưa xác nhận được.
ack-not-targeted = Thông báo này không gửi cho đơn vị của nhóm.
ack-not-allowed = Chỉ chủ tịch công đoàn của đơn vị mới xác nhận được.
ack-not-allowed-member = Chỉ đoàn viên hoặc chủ tịch công đoàn của { $unit } mới xác nhận được. Đoàn viên của đơn vị hãy nhắn một tin trong nhóm này trước.
status-usage = Cách dùng: /tinhtrang để xem các thông báo gần đây, /tinhtrang SỐ_THÔNG_BÁO để xem từng đơn vị, ví dụ /tinhtrang 3
status-unknown = Không có thông báo số { $seq }.
status-not-allowed = Thông báo này nằm ngoài phạm vi của bạn.
status-none = Chưa có thông báo nào trong phạm vi của bạn. Gửi thông báo: /thongbao
status-none-received = Chưa có thông báo nào gửi tới đơn vị của bạn.
status-list-title = Các thông báo gần đây:
status-list-line = Số { $seq } ({ $at }): { $title }
    → đã gửi { $sent }/{ $chats } nhóm (lỗi { $failed }, đang chờ { $pending }); đã xác nhận { $acked }/{ $units } đơn vị
status-list-hint = Xem từng đơn vị: /tinhtrang SỐ hoặc bấm nút.
status-show = Xem số { $seq }
status-title = Tình trạng thông báo số { $seq }: { $title }
status-progress = Đang gửi: { $done }/{ $chats } nhóm chat xong (lỗi { $failed }), còn { $pending } nhóm.
status-finished = Đã gửi xong: { $sent }/{ $chats } nhóm chat; lỗi { $failed }.
status-summary = Đã xác nhận: { $acked }/{ $units } đơn vị đã nhận được thông báo.
status-delivery = đã gửi { $sent }, lỗi { $failed }, đang chờ { $pending }
status-without-chat = Chưa có nhóm liên kết nên chưa gửi được ({ $n } đơn vị): { $codes }
status-lost-group = { $n } đơn vị: bot đã bị xóa khỏi nhóm ({ $codes })
status-unit-lost-group = bot đã bị xóa khỏi nhóm
status-acked = đã nhận lúc { $at } ({ $by })
status-not-acked = chưa xác nhận
status-more-units = … và { $n } đơn vị khác.
status-missing = Chưa xác nhận: { $codes }
status-all-acked = Tất cả đơn vị đã nhận được thông báo đều đã xác nhận.
status-resend = Gửi lại tới { $n } nhóm bị lỗi
status-remind = Nhắc { $n } đơn vị chưa xác nhận
status-refresh = Cập nhật
status-resent = Đã xếp gửi lại thông báo số { $seq } tới { $n } nhóm chat. Bot sẽ báo khi gửi xong.
status-nothing-to-resend = Thông báo số { $seq } không còn nhóm nào bị lỗi.
status-reminded = Đã nhắc { $units } đơn vị chưa xác nhận thông báo số { $seq } ({ $chats } nhóm chat).
status-nothing-to-remind = Không còn đơn vị nào cần nhắc: các đơn vị đã nhận được thông báo số { $seq } đều đã xác nhận.
announce-remind-message = NHẮC: đơn vị chưa xác nhận đã nhận thông báo số { $seq }:
    { $title }
    Đề nghị bấm "Đã nhận" để xác nhận.
announce-done = Đã gửi xong thông báo số { $seq } tới { $sent }/{ $total } nhóm; lỗi: { $failures }. Xem: /tinhtrang { $seq }
announce-done-no-failures = không có
announce-done-more = và { $n } nhóm khác
announce-failure-blocked = bot bị chặn hoặc bị xóa khỏi nhóm
announce-failure-other = không gửi được sau nhiều lần thử

# Names where they belong (issue 25.8): views that name people answer in the private chat; the group hears counts
named-sent-privately = Chi tiết có tên người nên tôi gửi vào trò chuyện riêng với { $name }, không gửi vào nhóm.
named-open-private = { $name } chưa mở trò chuyện riêng với tôi nên tôi chưa gửi được chi tiết. Bấm nút dưới đây để mở, chi tiết sẽ hiện ở đó.
named-not-friends = Tôi không gửi được chi tiết vào trò chuyện riêng với { $name }: Zalo chỉ cho gửi khi bạn đã kết bạn với tài khoản của tôi. Hãy kết bạn rồi gõ lại lệnh. Tôi không gửi chi tiết vào nhóm vì có tên người.
status-group-counts = Thông báo số { $seq } — { $unit } và các đơn vị trực thuộc: đã gửi { $sent }/{ $chats } nhóm chat; đã xác nhận { $acked }/{ $units } đơn vị.
role-pick-privately = Danh sách người của đơn vị chỉ hiện trong trò chuyện riêng với bot (nhóm này có thể của đơn vị khác). Gõ lại lệnh trong trò chuyện riêng, hoặc trả lời (reply) tin nhắn của người đó bằng lệnh, ví dụ /vaitro them chutich { $code }.

# Bounded file reading (issue 25.3): a file over a bound is refused before it is unpacked, naming the bound
file-limit-bytes = Tệp lớn hơn { $max } MB nên bot không đọc. Vui lòng gửi tệp nhỏ hơn.
file-limit-unpacked = Tệp khi giải nén lớn hơn { $max } MB nên bot không đọc. Vui lòng gửi tệp nhỏ hơn.
file-limit-pages = Tệp PDF dài hơn { $max } trang nên bot không đọc. Vui lòng gửi tệp ngắn hơn.
file-limit-chars = Tệp có hơn { $max } ký tự nên bot không đọc. Vui lòng gửi tệp ngắn hơn.
file-limit-parts = Tệp có hơn { $max } phần bên trong nên bot không đọc. Vui lòng gửi tệp khác.

## Hạn báo cáo và nhắc hạn
cmd-deadlines = các hạn báo cáo của đơn vị
cmd-submitted = đánh dấu đã nộp báo cáo: /danop MÃ_HẠN [MÃ_ĐƠN_VỊ] [ghi chú]
cmd-missing = đơn vị chưa nộp: /chuanop MÃ_HẠN
cmd-add-deadline = thêm hạn báo cáo
cmd-set-anchor = đặt ngày mốc cho hạn tính từ sự kiện: /datmoc MÃ_HẠN NGÀY
announce-deadlines-created = Đã tạo { $n } hạn báo cáo từ kế hoạch cho { $units } đơn vị; bot sẽ nhắc các đơn vị chưa nộp. Xem: /hanchot
announce-deadlines-past = Lưu ý: { $n } hạn trong số đó đã qua; các đơn vị chưa nộp sẽ nhận lời nhắc quá hạn vào lần nhắc tới (lúc { $time }) và nhắc lại mỗi { $every } ngày cho đến khi nộp hoặc được miễn.
announce-deadlines-skipped = Không tạo { $n } hạn đã qua (theo lựa chọn ở bản xem trước).
announce-indicators-proposed = Kế hoạch đề xuất các chỉ tiêu số liệu sau:
announce-indicators-hint = Bấm "Dùng các chỉ tiêu này" để xác nhận. Muốn sửa: /chitieu { $code } sua SỐ Tên | người | mức, thêm: /chitieu { $code } them Tên | người | mức
announce-indicators-hint-no-figures = Kế hoạch không có hạn báo cáo số liệu riêng (các hạn đã tạo: { $codes }). Muốn hạn nào hỏi các số này: /chitieu { $code } dung, hoặc thêm từng cái: /chitieu { $code } them Tên | người | mức
announce-indicators-use-for = Dùng các chỉ tiêu này cho { $code }
deadlines-none = Đơn vị chưa có hạn báo cáo nào.
deadlines-title = Hạn báo cáo:
deadlines-hint = Đã nộp? Chủ tịch gõ /danop MÃ_HẠN (ví dụ /danop H3).
deadlines-scope-title = Hạn báo cáo trong phạm vi của bạn (lần nộp gần nhất):
deadlines-scope-line = • { $code } — { $what } — { $when }: đã nộp { $submitted }/{ $owing }, quá hạn { $overdue }, chưa tới hạn { $upcoming }, được miễn { $excused }
deadlines-scope-hint = Xem từng đơn vị: /hanchot MÃ_HẠN (ví dụ /hanchot H3). Đơn vị chưa nộp: /chuanop MÃ_HẠN
deadlines-detail-title = { $code } — { $what } — { $when } — { $owing } đơn vị:
deadlines-not-in-scope = Hạn { $code } không có đơn vị nào trong phạm vi của bạn.
deadlines-more = … và { $n } hạn khác.
deadline-state-upcoming = chưa nộp, còn { $n } ngày
deadline-state-due-today = chưa nộp, hạn là hôm nay
deadline-state-overdue = quá hạn { $n } ngày
deadline-state-submitted = đã nộp ngày { $date }
deadline-state-submitted-late = đã nộp muộn ngày { $date }
deadline-state-excused = được miễn
deadline-state-no-date = chưa có hạn
deadline-other-overdue = còn { $n } kỳ khác quá hạn
deadline-previous = kỳ trước { $label }: { $state }
deadline-waiting-anchor = chờ ngày mốc
deadline-submitted = đã nộp
deadline-not-submitted = chưa nộp
deadline-ask-what = Báo cáo gì cần nộp? (ví dụ: Báo cáo kết quả tháng cao điểm)
deadline-ask-when = Hạn nộp? Gõ như trong kế hoạch, ví dụ: trước ngày 05/7/2026, đầu tháng 6/2026, cuối quý II/2026, hàng quý, sau 01 tuần khi kết thúc hội nghị.
deadline-bad-phrase = Chưa đọc được hạn này. Ví dụ hợp lệ: "trước ngày 05/7/2026", "đầu tháng 6/2026", "hàng quý".
deadline-ask-units = Đơn vị nào phải nộp? Bấm chọn hoặc gõ các mã đơn vị.
deadline-units-children = Các đơn vị trực thuộc { $unit }
deadline-units-kind = Tất cả { $kind }
deadline-unknown-unit = Có mã đơn vị không tồn tại. Vui lòng gõ lại.
deadline-no-units = Không có đơn vị nào phù hợp. Vui lòng chọn lại.
deadline-recurring = định kỳ: { $phrase }
deadline-relative = { $phrase } (tính từ ngày mốc, đặt bằng /datmoc)
deadline-due = { $phrase } (hạn { $due })
deadline-due-past = { $phrase } (hạn { $due }, đã qua)
deadline-review = Thêm hạn báo cáo:
    Việc: { $what }
    Hạn: { $when }
    Số đơn vị phải nộp: { $units }
deadline-created = Đã thêm hạn { $code }: { $what } ({ $n } lần nộp được lập lịch).
deadline-created-past = Lưu ý: hạn này đã qua ({ $due }). Các đơn vị chưa nộp sẽ nhận lời nhắc quá hạn lúc { $first }, rồi nhắc lại mỗi { $every } ngày cho đến khi nộp hoặc được miễn.
deadline-created-relative = Hạn này chờ ngày mốc. Khi có, gõ /datmoc { $code } NGÀY (ví dụ /datmoc { $code } 20/10/2026).
submit-needs-figures = Hạn { $code } cần số liệu: gõ /baocaoso { $code } (hoặc bấm nút dưới đây) để báo cáo; số liệu gửi xong được tính là đã nộp.
submit-usage = Cách dùng: /danop MÃ_HẠN [MÃ_ĐƠN_VỊ] [ghi chú], ví dụ /danop H3. Cán bộ bỏ đánh dấu: /danop H3 MÃ_ĐƠN_VỊ huy; miễn cho đơn vị: /danop H3 MÃ_ĐƠN_VỊ mien [lý do]
submit-which-unit = Bạn phụ trách nhiều đơn vị: hãy ghi mã đơn vị, ví dụ /danop H3 LC-TD-01
submit-done = Đã ghi nhận { $unit } nộp báo cáo ({ $label }, hạn { $due }). Bot sẽ không nhắc đơn vị nữa.
submit-done-late = Đã ghi nhận { $unit } nộp báo cáo ({ $label }, hạn { $due }), nộp muộn. Bot sẽ không nhắc đơn vị nữa.
submit-excused = Đã miễn cho { $unit } lần nộp { $label } (hạn { $due }). Bot sẽ không nhắc đơn vị cho lần này.
submit-unknown-unit = Không có đơn vị mã { $unit }; chưa ghi nhận gì. Kiểm tra mã đơn vị rồi gõ lại, ví dụ /danop { $code } LC-TD-01
submit-waiting-anchor = Hạn { $code } chưa có ngày mốc nên chưa có lần nộp nào. Cán bộ đặt mốc bằng /datmoc { $code } NGÀY
submit-already = { $unit } đã nộp hoặc được miễn tất cả các lần của hạn { $code }. Cán bộ bỏ đánh dấu: /danop { $code } MÃ_ĐƠN_VỊ huy
submit-not-in-scope = Hạn { $code } không có đơn vị nào trong phạm vi của bạn.
submit-undone = Đã bỏ đánh dấu nộp của { $unit } ({ $label }).
submit-undone-excused = Đã bỏ miễn cho { $unit } ({ $label }); bot sẽ nhắc lại nếu đơn vị chưa nộp.
submit-unknown = Không có hạn báo cáo { $code }. Xem các hạn: /hanchot
submit-not-owed = { $unit } không thuộc diện phải nộp hạn { $code }.
submit-not-allowed = Bạn không có quyền đánh dấu cho { $unit }.
submit-nothing-due = Không còn lần nộp nào đang chờ cho hạn { $code }.
submit-download-failed = Không tải được tệp đính kèm. Vui lòng gửi lại lệnh kèm tệp.
submit-nothing-submitted = { $unit } chưa có lần nộp nào để bỏ.
missing-usage = Cách dùng: /chuanop MÃ_HẠN, ví dụ /chuanop H3
missing-none = Tất cả đơn vị đã nộp hạn { $code } ({ $due }).
missing-title = Chưa nộp { $code }: { $what } (hạn { $due }) — { $n }/{ $owing } đơn vị:
anchor-usage = Cách dùng: /datmoc MÃ_HẠN NGÀY, ví dụ /datmoc H5 20/10/2026
anchor-unknown = Không có hạn báo cáo { $code }.
anchor-not-allowed = Bạn không có quyền đặt mốc cho hạn { $code }.
anchor-not-relative = Hạn { $code } không tính từ ngày mốc.
anchor-set = Đã đặt mốc cho { $code }: hạn nộp là { $due }.
reminder-text = Nhắc hạn báo cáo — { $unit }
    Việc: { $what }
    Hạn: { $due }, { $when }.
    Khi đã nộp, chủ tịch công đoàn gõ /danop { $code }
reminder-combined-title = Nhắc hạn báo cáo — { $unit }: { $n } việc
reminder-combined-line = { $i }. { $code } { $what } — hạn { $due }, { $when }.
reminder-combined-more = … và { $n } việc khác: gõ /hanchot để xem.
reminder-combined-footer = Khi đã nộp, chủ tịch công đoàn gõ /danop kèm mã hạn, ví dụ /danop { $code }
figures-asked-for = Số liệu cần báo cáo cho { $code }: { $list }
figures-button-for = Báo cáo số liệu { $code }
reminder-days-left = còn { $n } ngày
reminder-today = hạn là hôm nay
reminder-overdue = đã quá hạn { $n } ngày
digest-title = Tổng hợp đơn vị quá hạn báo cáo, ngày { $date }:
digest-line = • { $code } { $what } ({ $due }, quá hạn { $n } ngày): { $units }
digest-units-by-child = { $n } đơn vị chưa nộp — { $children }
digest-list = (xem: /chuanop { $code })
digest-handed-in-count = — từ hôm qua đã nộp thêm { $n } đơn vị
digest-handed-in = — từ hôm qua đã nộp: { $units }
digest-more = … và { $n } hạn khác quá hạn: /hanchot

## Tóm tắt theo đơn vị (trả lời về nhiều đơn vị, #27)
summary-rows-title = Theo đơn vị trực thuộc (chậm nhất trước):
summary-more = … và { $n } đơn vị khác
summary-drill = Xem một đơn vị: gõ { $command } MÃ_ĐƠN_VỊ, ví dụ { $command } { $example }
summary-unknown-unit = Không có đơn vị mã { $unit }. Kiểm tra mã rồi gõ lại.
summary-not-allowed = { $unit } không thuộc phạm vi của bạn.
full-list-hint = Danh sách đầy đủ (.xlsx, .csv) trong chat riêng: gõ { $command }
full-list-button = Danh sách đầy đủ
full-list-private = Danh sách đầy đủ chỉ gửi trong chat riêng với bot: hãy gõ lại lệnh ở đó.
full-list-ready = Danh sách đầy đủ { $name }: { $n } đơn vị (tệp .xlsx và .csv).
full-list-col-code = Mã đơn vị
full-list-col-unit = Tên đơn vị
full-list-col-group = Thuộc đơn vị
full-list-col-state = Tình trạng
full-list-col-period = Kỳ
full-list-col-delivery = Gửi
full-list-col-acked = Xác nhận lúc
full-list-no-group = chưa có nhóm liên kết
summary-deadline-totals = Tổng: đã nộp { $done }/{ $total } đơn vị ({ $percent }), quá hạn { $behind }, chưa tới hạn { $open }
summary-deadline-row = • { $name } ({ $code }): đã nộp { $done }/{ $total } ({ $percent }), quá hạn { $behind }
summary-deadline-worst = Quá hạn lâu nhất: { $units }
summary-deadline-worst-unit = { $code } { $name } ({ $n } ngày)
summary-ack-totals = Đã xác nhận: { $done }/{ $total } đơn vị đã nhận được thông báo ({ $percent }), chưa xác nhận { $behind }
summary-ack-row = • { $name } ({ $code }): đã xác nhận { $done }/{ $total } ({ $percent })
summary-ack-worst = Chưa xác nhận, ví dụ: { $units }
summary-ack-worst-unit = { $code }

## Số liệu và chỉ tiêu
cmd-report-figures = báo cáo số liệu theo chỉ tiêu: /baocaoso [MÃ_HẠN]
cmd-progress = tiến độ so với chỉ tiêu: /tiendo [MÃ_ĐƠN_VỊ] [MÃ_HẠN]
cmd-indicators = các chỉ tiêu của một hạn báo cáo: /chitieu MÃ_HẠN [dung | them … | sua SỐ …]
cmd-assign-targets = giao chỉ tiêu cho đơn vị, hoặc gửi kèm tệp CSV/XLSX: /giaochitieu MÃ_HẠN
figures-measure-people = người
figures-measure-unions = đơn vị
figures-measure-percent = %
figures-measure-yes-no = có/không
figures-rollup-sum = cộng dồn
figures-rollup-average = trung bình
figures-rollup-share = tỷ lệ đơn vị đạt
figures-value = { $value }
figures-percent = { $value }%
figures-nothing-to-fix = Chưa có kỳ nào đã báo cáo để sửa.
figures-yes = Có
figures-no = Không
figures-share = { $value }% đơn vị
figures-share-answered = ({ $reported }/{ $owing } đơn vị đã báo cáo)
figures-chairs-only = Chỉ chủ tịch công đoàn hoặc cán bộ mới báo cáo số liệu được.
figures-none-owed = Đơn vị của bạn không có hạn báo cáo số liệu nào.
figures-unknown-deadline = Không có hạn báo cáo số liệu { $code } cho đơn vị của bạn.
figures-nothing-due = Chưa tới kỳ báo cáo số liệu nào.
figures-continue-privately = Phần này làm trong trò chuyện riêng với bot. Bấm nút dưới đây.
figures-pick-deadline = Báo cáo số liệu cho hạn nào?
figures-pick-unit = Báo cáo cho đơn vị nào?
figures-question = Số liệu của { $unit }
    Chỉ tiêu { $n }/{ $total }: { $name } ({ $measure })
    Kỳ: { $period } (hạn { $due })
figures-last-period = Kỳ trước: { $value }
figures-already-sent = Đã gửi kỳ này: { $value } (gửi lại sẽ sửa số liệu, bản cũ vẫn được lưu)
figures-new-in-period = Gõ số mới phát sinh trong kỳ (không cộng dồn).
figures-answer-number = Gõ một số, ví dụ 12.
figures-answer-yes-no = Bấm Có hoặc Không.
figures-bad-not-a-number = Cần một con số, ví dụ 12 hoặc 85,5.
figures-bad-negative = Số liệu không thể âm.
figures-bad-over-100 = Tỷ lệ phần trăm không vượt quá 100.
figures-bad-yes-no = Vui lòng trả lời Có hoặc Không.
figures-bad-whole-number = Số người, số đơn vị phải là số nguyên.
figures-odd-jump = Số { $value } khác nhiều so với kỳ trước ({ $last }).
figures-odd-members = Số { $value } nhiều hơn số đoàn viên của { $unit } ({ $members }).
figures-odd-target = Số { $value } cao hơn nhiều so với chỉ tiêu của đơn vị ({ $target }).
figures-odd-ask = Có đúng không?
figures-odd-keep = Đúng, giữ số này
figures-odd-retype = Gõ lại
figures-review = Số liệu của { $unit }, kỳ { $period }:
    { $lines }
figures-review-correction = Sửa số liệu của { $unit }, kỳ { $period } (số cũ vẫn được lưu trong lịch sử):
    { $lines }
figures-send = Gửi
figures-redo = Nhập lại
figures-sent = Đã gửi số liệu của { $unit }. Cảm ơn!
figures-sent-late = Đã gửi số liệu của { $unit } (sau hạn, được ghi là nộp muộn).
figures-sent-corrected = Đã sửa số liệu của { $unit }; số mới được tính, số cũ vẫn lưu trong lịch sử.
figures-next-period = Kỳ { $period } (hạn { $due }) đã bắt đầu: bấm nút dưới đây để báo cáo tiếp.
figures-next-period-overdue = Kỳ { $period } (hạn { $due }) cũng đã quá hạn { $days } ngày: bấm nút dưới đây để báo cáo tiếp.
figures-next-button = Báo cáo kỳ { $period }
figures-asked = Số liệu cần báo cáo: { $list }
figures-asked-how = Bấm "Báo cáo số liệu" hoặc gõ /baocaoso để gửi.
figures-button = Báo cáo số liệu
figures-problem-not-allowed = Bạn không có quyền làm việc này với đơn vị đó.
figures-problem-not-owed = { $unit } không phải báo cáo hạn này.
figures-problem-nothing-due = Không còn kỳ báo cáo này.
figures-problem-bad-target = Chỉ tiêu phải là một số không âm.
figures-problem-no-parent-target = Đơn vị này chưa có chỉ tiêu nên chưa chia được. Hãy giao chỉ tiêu cho đơn vị trước.
figures-problem-no-children = Đơn vị này không có đơn vị trực thuộc để chia chỉ tiêu.
figures-problem-not-a-child = { $code } không phải đơn vị trực thuộc { $unit }.
figures-problem-not-reporting = { $code } không báo cáo số liệu của hạn này nên không nhận chỉ tiêu.
figures-problem-sum = Tổng chỉ tiêu các đơn vị trực thuộc { $unit } là { $sum }, khác chỉ tiêu của { $unit } là { $target } (lệch { $diff }) — "{ $indicator }". Chưa lưu gì.
figures-import-bad-file = Chỉ nhận tệp .csv hoặc .xlsx đọc được.
figures-import-bad-header = Dòng đầu của tệp cần các cột ma_don_vi, chi_tieu, muc (hoặc unit_code, indicator, target).
figures-import-empty = Tệp không có dòng chỉ tiêu nào.
figures-import-too-long = Tệp có quá nhiều dòng (tối đa { $max }).
figures-import-unknown-unit = không có đơn vị mã { $code }
figures-import-not-allowed = { $code } nằm ngoài phạm vi của bạn
figures-import-unknown-indicator = không có chỉ tiêu số { $n } (xem /chitieu)
figures-import-bad-value = mức "{ $value }" không phải số hợp lệ

# Targets sheets of a province (#27): the problems beyond the first twenty counted
figures-import-more-problems = … và { $n } lỗi khác (sửa các lỗi trên rồi gửi lại tệp để xem tiếp).

figures-col-progress = Lũy kế / hiện tại
figures-col-target = Chỉ tiêu
figures-col-percent = % đạt
indicators-usage = Cách dùng: /chitieu MÃ_HẠN (ví dụ /chitieu H3).
indicators-title = Chỉ tiêu của hạn { $code }: { $what }
indicators-hint = Giao chỉ tiêu cho đơn vị: /giaochitieu { $code } (hoặc gửi kèm tệp CSV/XLSX). Thêm: /chitieu { $code } them Tên | người | 70
indicators-no-target = không có mức
indicators-comparator-at-least = ít nhất { $value }{ $unit }
indicators-comparator-more-than = trên { $value }{ $unit }
indicators-comparator-all = { $value }%
indicators-none = Hạn { $code } chưa có chỉ tiêu nào. Gõ /chitieu { $code } để xem đề xuất.
indicators-none-proposed = Kế hoạch của hạn { $code } không có chỉ tiêu đọc được. Thêm bằng tay: /chitieu { $code } them Tên | người | 70
indicators-none-no-plan = Hạn { $code } do cán bộ thêm, không đến từ kế hoạch nào, nên bot không có chỉ tiêu để đề xuất. Thêm bằng tay: /chitieu { $code } them Tên | người | 70
indicators-proposed = Đề xuất chỉ tiêu cho hạn { $code } (đọc từ kế hoạch):
indicators-proposed-hint = Bấm "Dùng các chỉ tiêu này" (hoặc gõ /chitieu { $code } dung), hoặc thêm từng cái: /chitieu { $code } them Tên | người/đơn vị/%/có-không | mức
indicators-use = Dùng các chỉ tiêu này
indicators-added = Hạn { $code } có { $n } chỉ tiêu. Các đơn vị báo cáo bằng /baocaoso.
indicators-add-usage = Cách thêm: /chitieu MÃ_HẠN them Tên | người (hoặc đơn vị, %, cokhong) | mức, ví dụ: /chitieu H3 them Kết nạp đoàn viên | người | 70
indicators-problem-not-allowed = Bạn không có quyền đặt chỉ tiêu cho hạn này.
indicators-problem-has-reports = Đã có đơn vị báo cáo theo chỉ tiêu { $n } nên không đổi được đơn vị đo; tên và mức vẫn sửa được.
indicators-problem-exists = Hạn này đã có chỉ tiêu; không thay cả danh sách được. Thêm: /chitieu MÃ_HẠN them …, sửa: /chitieu MÃ_HẠN sua SỐ …
indicators-problem-unknown-indicator = Không có chỉ tiêu số { $n }.
indicators-fix-usage = Cách sửa: /chitieu MÃ_HẠN sua SỐ Tên | người (hoặc donvi, %, cokhong) | mức, ví dụ: /chitieu H3 sua 1 Kết nạp đoàn viên | người | 80
indicators-fixed = Đã sửa chỉ tiêu { $n } của hạn { $code }.
indicators-problem-empty = Không có chỉ tiêu nào để lưu.
assign-pick-indicator = Giao chỉ tiêu nào?
assign-ask-unit = Giao cho đơn vị nào? Gõ mã đơn vị (ví dụ LC).
assign-unknown-unit = Không tìm thấy đơn vị có mã đó. Vui lòng gõ lại.
assign-ask-total = { $unit } chưa có chỉ tiêu "{ $indicator }". Gõ mức chỉ tiêu.
assign-ask-total-current = Chỉ tiêu "{ $indicator }" của { $unit } hiện là { $current }. Gõ mức mới, hoặc "giu" để giữ.
assign-need-total = Đơn vị chưa có chỉ tiêu. Vui lòng gõ một mức.
assign-ask-way = Chia chỉ tiêu cho các đơn vị trực thuộc thế nào?
assign-way-even = Chia đều
assign-way-members = Theo số đoàn viên
assign-way-hand = Tự nhập
assign-way-none = Không chia
assign-ask-hand = Gõ mỗi dòng một đơn vị: MÃ_ĐƠN_VỊ mức. Ví dụ:
    { $example }
assign-bad-hand = Mỗi dòng cần dạng MÃ_ĐƠN_VỊ mức, ví dụ LC-TD 20.
assign-review = Chia chỉ tiêu "{ $indicator }" của { $unit } ({ $total }):
    { $lines }
assign-review-more = … và { $n } đơn vị khác (mỗi đơn vị từ { $min } đến { $max })
assign-saved = Đã giao chỉ tiêu cho { $n } đơn vị trực thuộc { $unit }.
assign-saved-one = Đã lưu chỉ tiêu của { $unit }.
assign-saved-one-not-reporting = Đã lưu chỉ tiêu của { $unit }. Các đơn vị trực thuộc không báo cáo số liệu của hạn này (không dùng được /baocaoso), nên chỉ tiêu không chia tiếp xuống.
assign-sheet-which = Tệp { $file } là chỉ tiêu của hạn nào? Chọn hạn để nhập (giống /giaochitieu MÃ_HẠN gửi kèm tệp).
assign-sheet-no-deadline = Chưa có hạn nào có chỉ tiêu để nhập tệp này. Đặt chỉ tiêu trước bằng /chitieu MÃ_HẠN, rồi gửi tệp kèm lệnh /giaochitieu MÃ_HẠN làm chú thích.
assign-imported = Đã nhập { $n } chỉ tiêu cho hạn { $code }.
assign-import-refused = Chưa nhập tệp chỉ tiêu (không có gì bị thay đổi):
assign-import-line = Dòng { $line }: { $problem }
progress-problem-unknown-unit = Không tìm thấy đơn vị hoặc hạn có mã { $unit }.
progress-problem-not-allowed = Bạn chỉ xem được tiến độ của đơn vị mình và các đơn vị trực thuộc; { $unit } nằm ngoài phạm vi đó.
progress-problem-no-scope = Chỉ chủ tịch công đoàn và cán bộ mới xem được tiến độ.
progress-problem-unknown-deadline = Không có hạn báo cáo { $code }.
progress-problem-no-figures = Chưa có hạn báo cáo số liệu nào có chỉ tiêu cho { $unit }.
progress-problem-nothing-due = Hạn này chưa có kỳ báo cáo nào.
progress-title = TIẾN ĐỘ { $code }: { $what } — { $unit } ({ $unitCode })
progress-period = Kỳ: { $period } (hạn { $due }); đã báo cáo { $reported }/{ $owing } đơn vị
progress-this-period = kỳ này { $value }
progress-strive = phấn đấu
progress-more-children = … và { $n } đơn vị khác (xem bảng tính /xuatbaocao).
progress-trend = Theo kỳ: { $trend }
progress-drill = Xem một đơn vị: gõ { $command } MÃ_ĐƠN_VỊ { $code }
progress-all-reported = Tất cả đơn vị đã báo cáo kỳ này.
progress-missing = Chưa báo cáo ({ $n }): { $units }
progress-more = và { $n } đơn vị khác
progress-chart-title = Tiến độ { $code } — { $unit }
progress-chart-trend = Lũy kế theo kỳ
progress-chart-value = Số liệu
progress-chart-period = Kỳ
progress-chart-caption = Đơn vị trực thuộc (vạch đỏ: chỉ tiêu) và tiến độ theo kỳ (đường đỏ: chỉ tiêu)

# Charts of many units (#27): at most 25 bars, the rest counted
progress-chart-trend-period = Số liệu từng kỳ
progress-chart-not-reported = chưa báo cáo
progress-chart-not-drawn = { $n } đơn vị khác không vẽ ở đây (đã vẽ { $drawn } đơn vị chậm nhất); danh sách đầy đủ: /xuatbaocao
chart-not-drawn = { $n } đơn vị khác không vẽ ở đây (đã vẽ { $drawn } đơn vị có tỷ lệ góp ý thấp nhất); danh sách đầy đủ: /xuatbaocao

## Zalo
zalo-answer-hint = Trả lời bằng một số: { $list }
zalo-answer-words = Hoặc gõ: { $words }.
zalo-answer-words-only = Có thể gõ: { $words }.
chat-removed-chair = Bot đã bị xóa khỏi nhóm «{ $title }» của { $unit }: thông báo và lời nhắc hạn sẽ không tới nhóm này nữa. Khi thêm bot lại vào nhóm, nhóm hoạt động lại ngay, không cần liên kết lại.
chat-returned = Bot đã trở lại nhóm. Nhóm vẫn liên kết với { $unit }, không cần liên kết lại.
offer-how-to-choose-one = Để trả lời “{ $label }”, hãy gõ 1 hoặc “{ $label }”, hoặc trích dẫn tin nhắn đó kèm số 1.
offer-how-to-choose = Để trả lời, hãy gõ số của lựa chọn: { $list }, hoặc trích dẫn tin nhắn đó kèm số.
zalo-welcome = Chào mừng { $names } đến với nhóm của { $unit }! Tôi là trợ lý công đoàn: gõ /trogiup để xem tôi giúp được gì (góp ý dự thảo, hạn báo cáo, thông báo).
zalo-bot-added = Xin chào! Tôi là trợ lý công đoàn. Chủ tịch công đoàn gõ /lienket MÃ_ĐƠN_VỊ để liên kết nhóm này với đơn vị; mọi người gõ /trogiup để xem các lệnh.
zalo-recalled = { $name } vừa thu hồi một tin nhắn mà tôi đã ghi nhận. Nếu đó là câu trả lời nhầm, gõ /huy rồi bắt đầu lại; ý kiến chỉ được lưu khi bạn xác nhận gửi ở bước cuối.
zalo-file-late = Zalo chưa xác nhận đã nhận { $count ->
    [one] tệp
   *[other] các tệp
} { $files }, nên tệp có thể tới chậm vài phút. Nếu lát nữa vẫn chưa thấy, hãy gõ lại { $command }.
zalo-file-failed = Không gửi được tệp { $files }. Hãy thử lại sau ít phút: gõ lại { $command }.
zalo-same-command = lệnh vừa rồi
zalo-stopped-refused = Zalo đã từ chối phiên đăng nhập của bot (hết hạn hoặc đã đăng xuất trên điện thoại), nên bot tạm ngừng trên Zalo. Người quản trị máy chủ chạy `npm run zalo:login`, quét mã QR bằng ứng dụng Zalo của tài khoản bot, rồi khởi động lại bot.
zalo-stopped-duplicate = Tài khoản Zalo của bot vừa được mở ở một phiên Zalo Web khác, nên bot tạm ngừng trên Zalo để không tranh phiên. Hãy đóng phiên kia rồi khởi động lại bot.

## Zalo Bot (nền tảng bot chính thức của Zalo)
zalo-bot-picture-elsewhere = (Biểu đồ chưa gửi được qua Zalo Bot vì máy chủ chưa có địa chỉ công khai PUBLIC_URL. Xem biểu đồ bằng /tonghop trên Telegram hoặc trên trang web của bot.)
zalo-bot-file-link = 📎 { $name }: { $url } (liên kết dùng được { $hours } giờ)
zalo-bot-file-elsewhere = 📎 { $name }: Zalo Bot không gửi được tệp, và máy chủ chưa có địa chỉ công khai (PUBLIC_URL) để tải về. Hãy gõ lại lệnh này trên Telegram hoặc trên trang web của bot.
export-not-started = Tôi không gửi được báo cáo vào trò chuyện riêng với { $name }: Zalo Bot chỉ nhắn được cho người đã nhắn riêng cho bot trước. Hãy tìm bot trong Zalo, nhắn riêng cho bot một tin (ví dụ /batdau), rồi gõ lại lệnh. Tôi không gửi báo cáo vào nhóm vì báo cáo có tên người góp ý.
zalo-bot-stopped = Zalo từ chối mã (token) của Zalo Bot, nên bot tạm ngừng trên Zalo Bot (các kênh khác vẫn chạy). Người quản trị máy chủ lấy mã mới trong Zalo Bot Manager, đặt vào ZALO_BOT_TOKEN rồi khởi động lại bot.

## Sân thử
playground-no-reminder = Chưa có lời nhắc nào sắp tới. Hãy thêm hạn bằng /themhanchot hoặc gửi một kế hoạch có hạn báo cáo.
playground-advanced = Đã tua tới { $at }: { $n } tin nhắn hẹn giờ (nhắc hạn, tổng hợp, thông báo góp ý) được xếp hàng gửi.

## /trangweb (/web): the web view for staff and chairs
cmd-web = mở trang web xem toàn cảnh đơn vị của bạn (liên kết dùng một lần)
web-private-only = Liên kết trang web là của riêng bạn: hãy nhắn /trangweb trong tin nhắn riêng với bot.
web-off = Trang web chưa được bật trên máy chủ này (quản trị viên cần đặt PUBLIC_URL).
web-no-scope = Trang web dành cho chủ tịch công đoàn và cán bộ; bạn chưa có vai trò này ở đơn vị nào.
web-too-many = Bạn đã xin nhiều liên kết trong một giờ. Hãy thử lại sau { $time }.
web-link = Mở trang web của bạn: { $url }
    Liên kết dùng được một lần trong { $minutes } phút; đừng chuyển cho người khác.
web-see = Xem trên web
web-see-line = Xem trên web: { $url } (gõ /web trong tin nhắn riêng để đăng nhập)

## The web view's pages (src/web/): the frame, getting in, refusals, and each page's words
webv-brand = Trợ lý Công đoàn · Trang web
webv-footer = Chỉ để xem. Mọi thay đổi vẫn làm trong nhóm chat với bot.
webv-home-title = Toàn cảnh
webv-none = Chưa có gì.
webv-error-title = Có lỗi
webv-error = Trang này chưa mở được. Hãy thử lại sau ít phút.
webv-signed-out-title = Cần mở lại trang web
webv-signed-out = Phiên xem trang web đã hết hạn hoặc chưa mở. Hãy nhắn /trangweb trong tin nhắn riêng với bot để nhận liên kết mới.
webv-no-scope-title = Không có quyền xem
webv-no-scope = Trang web dành cho chủ tịch công đoàn và cán bộ; bạn hiện không giữ vai trò này ở đơn vị nào.
webv-outside-scope-title = Không xem được trang này
webv-outside-scope = Trang này nằm ngoài phạm vi đơn vị của bạn, hoặc không có. Hãy quay về trang toàn cảnh.
webv-not-found-title = Không có trang này
webv-not-found = Không có trang ở địa chỉ này. Hãy quay về trang toàn cảnh.
webv-no-figures-title = Chưa có số liệu
webv-no-figures = Hạn này chưa có chỉ tiêu hoặc chưa đến kỳ báo cáo nào.
webv-link-unknown-title = Liên kết không dùng được
webv-link-unknown = Liên kết này không đúng. Hãy nhắn /trangweb trong tin nhắn riêng với bot để nhận liên kết mới.
webv-link-used-title = Liên kết đã được dùng
webv-link-used = Liên kết này đã được dùng một lần. Hãy nhắn /trangweb trong tin nhắn riêng với bot để nhận liên kết mới.
webv-link-expired-title = Liên kết đã hết hạn
webv-link-expired = Liên kết này đã quá 15 phút. Hãy nhắn /trangweb trong tin nhắn riêng với bot để nhận liên kết mới.
webv-login-title = Mở trang web
webv-login-intro = Bấm nút để mở trang web của bạn (liên kết chỉ dùng được một lần).
webv-login-button = Mở trang web
webv-miniapp-wait = Đang mở…
webv-miniapp-refused = Telegram chưa xác nhận được bạn (hoặc đã quá một giờ). Hãy đóng và mở lại từ nút trong Telegram, hoặc nhắn /trangweb.
webv-scope = Phạm vi của bạn
webv-announcements = Thông báo gần đây
webv-deadlines = Hạn báo cáo
webv-consultations = Đợt góp ý đang mở
webv-figures = Số liệu so với chỉ tiêu
webv-announcement-line = KH { $seq }: { $title } — { $acked }/{ $units } đơn vị đã nhận ({ $percent })
webv-deadline-line = { $code }: { $title } — { $submitted }/{ $units } đã nộp, { $overdue } quá hạn
webv-consultation-line = { $code }: { $title } — { $people }/{ $members } người tham gia ({ $percent })
webv-figure-line = { $code }: { $indicator } — { $value }/{ $target } ({ $percent })
webv-col-code = Mã
webv-col-name = Đơn vị
webv-col-kind = Loại
webv-col-members = Đoàn viên
webv-col-units = Đơn vị trực thuộc
webv-col-groups = Nhóm chat
webv-col-overdue = Báo cáo quá hạn
webv-col-ack-by = Người nhận
webv-col-ack-at = Lúc
webv-col-delivery = Gửi tới nhóm
webv-col-state = Tình trạng
webv-col-people = Người góp ý
webv-col-participation = Tỷ lệ
webv-col-opinions = Ý kiến cá nhân
webv-col-meetings = Hội nghị
webv-col-meeting-opinions = Ý kiến hội nghị
webv-col-item = Nội dung
webv-col-value = Kết quả
webv-col-target = Chỉ tiêu
webv-col-reported = Đã báo cáo
webv-col-period = Kỳ
webv-col-period-value = Trong kỳ
webv-previous = ‹ Trang trước
webv-next = Trang sau ›
webv-page = Trang { $page }/{ $pages } ({ $rows } đơn vị)
webv-children = Đơn vị trực thuộc ({ $n })
webv-no-children = Đơn vị này không có đơn vị trực thuộc.
webv-more-rows = … và { $n } đơn vị nữa.
webv-about-unit = Góp ý và số liệu của đơn vị
webv-consultation-of = Đợt góp ý { $code }: { $title }
webv-figures-of = Số liệu { $code }: { $title }
webv-downloads = Tải báo cáo:
webv-announcement-title = KH { $seq }: { $title }
webv-acked-of = { $acked }/{ $units } đơn vị đã nhận
webv-acked = Đã nhận ({ $n })
webv-not-acked = Chưa nhận ({ $n })
webv-no-group = Chưa có nhóm chat nhận được ({ $n })
webv-delivery = đã gửi { $sent }/{ $chats } nhóm, lỗi { $failed }
webv-delivery-no-group = chưa liên kết nhóm chat
webv-delivery-removed = bot đã bị xóa khỏi nhóm
webv-periods = Các kỳ
webv-period-state = Kỳ { $period } (hạn { $date })
webv-no-period = Hạn này chưa có kỳ nào.
webv-participation = { $people }/{ $members } đoàn viên đã góp ý, { $opinions } ý kiến cá nhân
webv-by-unit = Theo đơn vị
webv-by-item = Theo nội dung và loại ý kiến
webv-opinions = Các ý kiến ({ $n })
webv-more-opinions = … và { $n } ý kiến nữa trong tệp .xlsx.
webv-indicator = { $name }: { $value }/{ $target }
webv-figures-title = { $code }: { $what } — { $unit }
webv-figures-period = Kỳ { $period }; { $missing } đơn vị chưa báo cáo.
