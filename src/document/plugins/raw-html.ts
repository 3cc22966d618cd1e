import type { Root as MdastRoot } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

/**
 * Raw HTML is not carried into the outputs (it could hold scripts, remote files or
 * markup that is not valid XHTML), so say where it was dropped instead of losing it silently.
 */
export default function rawHtml() {
  return (tree: MdastRoot, file: VFile) => {
    visit(tree, 'html', (node) => {
      if (/^<!--[\s\S]*-->$/.test(node.value.trim())) return;
      file.message('Raw HTML is not supported and was left out; use Markdown for this content', {
        place: node.position,
        ruleId: 'raw-html',
        source: 'octavo',
      });
    });
  };
}
