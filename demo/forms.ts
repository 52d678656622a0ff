/**
 * The Form.io forms of the demo SOPs (seeded as version 1 of each key). Every input a gateway or an
 * assignment reads is required or has a fixed list of values (`onlyAvailableItems`), so the API's
 * server-side validation keeps the SOP's FEEL expressions from meeting a value they cannot route.
 */
import { REPORT_CATEGORIES, UNITS } from './dataset';

const submit = { type: 'button', key: 'submit', label: 'Hoàn thành', input: true, action: 'submit' };
const notes = { type: 'textarea', key: 'notes', label: 'Ghi chú', input: true, validate: { maxLength: 2000 } };
const select = (key: string, label: string, values: { label: string; value: string }[], required = true) => ({
  type: 'select',
  key,
  label,
  input: true,
  dataSrc: 'values',
  data: { values },
  validate: { required, onlyAvailableItems: true },
});

/** The wards and communes, for steps that hand work to the ward a report concerns. */
export const WARD_OPTIONS = UNITS.filter((u) => u.kind === 'ward' || u.kind === 'commune').map((u) => ({ label: u.name, value: u._id }));

export const FORMS = [
  {
    key: 'flood-verify',
    title: 'Xác minh ngập lụt qua camera',
    components: [
      { type: 'checkbox', key: 'confirmed', label: 'Xác nhận có ngập', input: true },
      { type: 'textarea', key: 'notes', label: 'Ghi chú', input: true, validate: { required: true, maxLength: 2000 } },
      submit,
    ],
  },
  {
    key: 'flood-action',
    title: 'Thông báo người dân và phong tỏa đường',
    components: [
      { type: 'checkbox', key: 'residentsNotified', label: 'Đã thông báo người dân', input: true, validate: { required: true } },
      { type: 'checkbox', key: 'roadClosed', label: 'Đã phong tỏa đường', input: true },
      notes,
      submit,
    ],
  },
  {
    key: 'air-verify',
    title: 'Xác minh số liệu quan trắc không khí',
    components: [
      { type: 'checkbox', key: 'confirmed', label: 'Số liệu đáng tin cậy (trạm lân cận, camera cùng cho thấy ô nhiễm)', input: true },
      select('likelySource', 'Nguồn ô nhiễm nghi ngờ', [
        { label: 'Đốt rác, đốt thực bì', value: 'dot-rac' },
        { label: 'Công trình xây dựng', value: 'cong-trinh' },
        { label: 'Giao thông', value: 'giao-thong' },
        { label: 'Cháy', value: 'chay' },
        { label: 'Chưa rõ', value: 'chua-ro' },
      ]),
      notes,
      submit,
    ],
  },
  {
    key: 'air-action',
    title: 'Kiểm tra hiện trường và xử lý nguồn ô nhiễm',
    components: [
      { type: 'textarea', key: 'actions', label: 'Biện pháp đã thực hiện', input: true, validate: { required: true, maxLength: 2000 } },
      { type: 'checkbox', key: 'residentsAdvised', label: 'Đã khuyến cáo người dân hạn chế ra ngoài, đeo khẩu trang', input: true, validate: { required: true } },
      notes,
      submit,
    ],
  },
  {
    key: 'light-verify',
    title: 'Xác minh sự cố đèn chiếu sáng',
    components: [
      { type: 'checkbox', key: 'confirmed', label: 'Xác nhận đèn không sáng (hệ thống điều khiển, camera)', input: true },
      { type: 'number', key: 'lampsOut', label: 'Số đèn không sáng', input: true, validate: { min: 0 } },
      notes,
      submit,
    ],
  },
  {
    key: 'light-repair',
    title: 'Sửa chữa đèn chiếu sáng',
    components: [
      { type: 'checkbox', key: 'repaired', label: 'Đèn đã sáng lại', input: true, validate: { required: true } },
      { type: 'textarea', key: 'work', label: 'Nội dung sửa chữa, vật tư thay thế', input: true, validate: { required: true, maxLength: 2000 } },
      notes,
      submit,
    ],
  },
  {
    key: 'camera-verify',
    title: 'Xác minh cảnh báo camera AI',
    components: [
      { type: 'checkbox', key: 'confirmed', label: 'Hình ảnh xác nhận đúng sự việc', input: true },
      select('situation', 'Tình huống', [
        { label: 'Tụ tập đông người', value: 'tu-tap' },
        { label: 'Gây rối trật tự công cộng', value: 'gay-roi' },
        { label: 'Xâm nhập vùng cấm', value: 'xam-nhap' },
        { label: 'Khác', value: 'khac' },
      ]),
      { type: 'number', key: 'people', label: 'Số người ước tính', input: true, validate: { min: 0 } },
      notes,
      submit,
    ],
  },
  {
    key: 'field-response',
    title: 'Điều phối lực lượng xử lý tại hiện trường',
    components: [
      { type: 'checkbox', key: 'arrived', label: 'Lực lượng đã có mặt tại hiện trường', input: true, validate: { required: true } },
      { type: 'textarea', key: 'outcome', label: 'Kết quả xử lý', input: true, validate: { required: true, maxLength: 2000 } },
      submit,
    ],
  },
  {
    key: 'report-triage',
    title: 'Tiếp nhận và phân loại phản ánh hiện trường',
    components: [
      { type: 'checkbox', key: 'valid', label: 'Phản ánh hợp lệ (đúng sự việc, không trùng lặp)', input: true },
      select(
        'category',
        'Lĩnh vực',
        REPORT_CATEGORIES.map((c) => ({ label: c.nameVi, value: c.key })),
      ),
      select('ward', 'Phường, xã xử lý', WARD_OPTIONS),
      { type: 'textarea', key: 'summary', label: 'Tóm tắt nội dung', input: true, validate: { required: true, maxLength: 2000 } },
      submit,
    ],
  },
  {
    key: 'report-result',
    title: 'Kết quả xử lý phản ánh',
    components: [
      { type: 'textarea', key: 'result', label: 'Kết quả xử lý', input: true, validate: { required: true, maxLength: 2000 } },
      { type: 'checkbox', key: 'resolved', label: 'Đã giải quyết dứt điểm', input: true },
      submit,
    ],
  },
  {
    key: 'report-reply',
    title: 'Phản hồi người dân',
    components: [
      { type: 'textarea', key: 'reply', label: 'Nội dung phản hồi', input: true, validate: { required: true, maxLength: 2000 } },
      { type: 'checkbox', key: 'published', label: 'Đã đăng phản hồi trên Bình Phước Today', input: true, validate: { required: true } },
      submit,
    ],
  },
];
