## Chung
error-generic = Xin lỗi, có lỗi khi xử lý yêu cầu. Dữ liệu của bạn không bị mất; vui lòng thử lại sau ít phút.
command-unknown = Không có lệnh /{ $name }. Gõ /trogiup để xem các lệnh.
command-too-long = Lệnh quá dài (tối đa { $max } ký tự). Vui lòng gõ ngắn gọn hơn.
button-unknown = Nút này không còn dùng được. Gõ /trogiup để xem các lệnh.
fallback-private = Tôi chưa hiểu tin nhắn này. Gõ /trogiup để xem các lệnh.
fallback-group = Gõ /trogiup để xem tôi giúp được gì.
continue-privately = Tiếp tục riêng
not-allowed = Bạn không có quyền làm việc này.

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
answer-too-long = Nội dung dài hơn giới hạn { $max } ký tự. Vui lòng rút gọn rồi gửi lại.

## Vai trò
role-member = đoàn viên
role-chair = chủ tịch công đoàn
role-staff = cán bộ
role-admin = quản trị
role-none = Bạn chưa thuộc đơn vị nào. Hãy nhắn trong nhóm của đơn vị mình hoặc nhờ chủ tịch công đoàn thêm bạn.
role-everywhere = toàn hệ thống
role-mine = Vai trò của bạn:
    { $roles }
role-usage = Cách dùng: /vaitro them|bo chutich|canbo|doanvien MÃ_ĐƠN_VỊ [ID người dùng], hoặc trả lời tin nhắn của người đó. Ví dụ: /vaitro them chutich LC-TD
role-who = Hãy trả lời (reply) một tin nhắn của người cần cấp quyền, hoặc ghi ID của họ ở cuối lệnh.
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
cmd-start = lời chào và hướng dẫn
cmd-help = các lệnh dành cho bạn
cmd-language = đổi ngôn ngữ (vi, en)
cmd-link = liên kết nhóm này với đơn vị: /lienket MÃ_ĐƠN_VỊ
cmd-unit = nhóm này thuộc đơn vị nào
cmd-role = xem hoặc cấp vai trò
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
