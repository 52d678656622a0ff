import { formRuleText } from '@ui/form-rules';
import type { Dictionary } from '@ui/i18n';
import { accountText } from '@ui/account.i18n';
import { dashboardText } from '../dashboard/dashboard.i18n';
import { inboxText } from '../inbox/inbox.i18n';
import { incidentContextText } from '../incident-context/incident-context.i18n';
import { incidentText } from '../incident/incident.i18n';
import { notificationsText } from '../notifications/notifications.i18n';
import { sopDiagramText } from '../sop-diagram/sop-diagram.i18n';
import { taskText } from '../task/task.i18n';

/** Vietnamese, the default language (terms from the city's glossary): the shell's words plus each feature's. */
export const vi: Dictionary = {
  'app.title': 'CityOps — Trực ban IOC Đồng Xoài',
  'app.brand': 'CityOps · Trực ban',
  'nav.inbox': 'Hộp việc',
  'nav.incidents': 'Sự cố',
  'nav.dashboard': 'Bảng điều hành',
  'nav.logout': 'Đăng xuất',
  'lang.switch': 'English',
  'login.title': 'Đăng nhập trực ban',
  'login.username': 'Tên đăng nhập',
  'login.password': 'Mật khẩu',
  'login.submit': 'Đăng nhập',
  'login.expired': 'Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.',
  'login.idle': 'Phiên làm việc đã kết thúc vì không có thao tác trong thời gian dài. Vui lòng đăng nhập lại.',
  'login.notAllowed': 'Tài khoản này không dùng được ứng dụng trực ban.',
  'common.save': 'Lưu',
  'common.cancel': 'Hủy',
  'common.loading': 'Đang tải…',
  'common.retry': 'Thử lại',
  'severity.info': 'Thông tin',
  'severity.warning': 'Cảnh báo',
  'severity.critical': 'Nghiêm trọng',
  ...formRuleText.vi,
  ...inboxText.vi,
  ...notificationsText.vi,
  ...taskText.vi,
  ...incidentText.vi,
  ...incidentContextText.vi,
  ...sopDiagramText.vi,
  ...dashboardText.vi,
  ...accountText.vi,
};
