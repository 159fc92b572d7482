/**
 * npm run zalo:login: shows the QR code Zalo's server made (redrawn in the terminal module by module, and saved as a
 * PNG beside the credentials file); scan it with the Zalo app of the account the bot will use. The credentials are
 * saved (mode 0600, never printed) only after zca-js has logged in with them.
 */
import path from "node:path";
import { Zalo } from "zca-js";
import { loadConfigFromProcess } from "../config.js";
import { loginByQr, ZALO_OPTIONS } from "../platforms/zalo/login.js";
import { qrModules, readPng, terminalQr } from "../platforms/zalo/qr-terminal.js";
import { runCli } from "./run.js";

await runCli(async () => {
  const config = loadConfigFromProcess();
  const file = config.zalo.credentialsFile;
  const png = path.join(path.dirname(file), "zalo-login-qr.png");
  await loginByQr(new Zalo(ZALO_OPTIONS), {
    file,
    qrPng: png,
    io: {
      showQr(image, savedAt) {
        try {
          console.log(terminalQr(qrModules(readPng(Buffer.from(image, "base64")))));
        } catch {
          console.log("(Không vẽ được mã QR trong cửa sổ này; hãy mở tệp PNG. The QR could not be drawn here.)");
        }
        console.log(`Quét mã QR bằng ứng dụng Zalo (Scan with the Zalo app). The QR is also saved as ${savedAt}`);
      },
      say: (line) => console.log(line),
    },
  });
  console.log(`Đã lưu đăng nhập Zalo vào ${file} (chế độ 0600). Khởi động lại bot: npm start`);
  return 0;
});
