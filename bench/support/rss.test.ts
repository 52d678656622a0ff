import { parseProcessStatus } from './rss';

describe('parseProcessStatus', () => {
  it('reads RSS and its anonymous and file-backed parts in MB', () => {
    const status = ['Name:\ttemporal', 'VmRSS:\t  147968 kB', 'RssAnon:\t   55872 kB', 'RssFile:\t   92096 kB', 'RssShmem:\t       0 kB'].join('\n');
    expect(parseProcessStatus(status)).toEqual({ rssMb: 144.5, anonMb: 54.5625, fileMb: 89.9375 });
  });

  it('has no reading without VmRSS (a zombie) and omits parts an old kernel lacks', () => {
    expect(parseProcessStatus('Name:\tnode\nState:\tZ (zombie)\n')).toBeUndefined();
    expect(parseProcessStatus('VmRSS:\t 1024 kB\n')).toEqual({ rssMb: 1 });
  });
});
