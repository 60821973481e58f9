/**
 * A window onto content taller than the screen: the content is laid out at its
 * full height and shifted up by `offset` lines inside a box that clips. The
 * content's height is reported after layout so the owner can bound scrolling.
 */
import { Box, type DOMElement, measureElement } from 'ink';
import { type ReactNode, useEffect, useRef } from 'react';

export interface ViewportProps {
  readonly height: number;
  readonly offset: number;
  readonly onContentHeight: (lines: number) => void;
  readonly children: ReactNode;
}

export function Viewport({ height, offset, onContentHeight, children }: ViewportProps) {
  const content = useRef<DOMElement>(null);
  useEffect(() => {
    if (content.current) onContentHeight(measureElement(content.current).height);
  });
  return (
    <Box height={height} flexDirection="column" overflow="hidden" flexShrink={0}>
      <Box ref={content} flexDirection="column" flexShrink={0} marginTop={-offset}>
        {children}
      </Box>
    </Box>
  );
}
