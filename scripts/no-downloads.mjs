// Stands in for proxy-agent in the command's bundle (scripts/bundle-cli.mjs). @puppeteer/browsers
// loads it, with a JavaScript interpreter, PAC and FTP clients and more (about 1.5 MB), to
// download browsers through proxies; jixiao never downloads a browser (it finds one:
// src/print/browser.ts).
export class ProxyAgent {
  constructor() {
    throw new Error('jixiao 不下载浏览器：请用 npx @puppeteer/browsers install chrome-headless-shell@stable 安装');
  }
}
