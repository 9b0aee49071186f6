import { useFetcher, useNavigation } from "@remix-run/react";
import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { confirmHref, type ConfirmKind, type ConfirmView } from "../types";
import { ConfirmPanel } from "./confirm-panel";

/**
 * The trigger of a destructive action. Without JavaScript it is a link to the confirm page
 * (/confirm/<kind>), which says what will happen and holds the real form. With JavaScript it is
 * a button that opens the same panel in a modal <dialog>: the rest of the page is inert, Escape
 * closes it, and focus goes back to the button.
 */
export function ConfirmAction({ kind, params, className = "link-button", children }: {
  kind: ConfirmKind;
  params: Record<string, string>;
  className?: string;
  children: React.ReactNode;
}) {
  const { t } = useTranslation("confirm");
  const href = confirmHref(kind, params);
  const [enhanced, setEnhanced] = useState(false);
  const [wanted, setWanted] = useState(false);
  const fetcher = useFetcher<{ view: ConfirmView | null }>();
  const dialog = useRef<HTMLDialogElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const headingId = `confirm-${useId().replace(/:/g, "")}`;
  const nav = useNavigation();
  const submitted = useRef(false);
  useEffect(() => setEnhanced(true), []);

  const loaded = fetcher.state === "idle" && fetcher.data !== undefined;
  useEffect(() => {
    const d = dialog.current;
    if (!wanted || !loaded || !d || d.open) return;
    d.showModal();
    // The least destructive choice gets focus first (a stray Enter cancels).
    (d.querySelector<HTMLElement>("input:not([type=hidden])") ?? d.querySelector<HTMLElement>(".confirm-cancel"))?.focus();
  }, [wanted, loaded]);

  // After the confirmed post has been answered the dialog has done its job.
  useEffect(() => {
    if (nav.state === "submitting" && dialog.current?.open) submitted.current = true;
    if (nav.state === "idle" && submitted.current) {
      submitted.current = false;
      dialog.current?.close();
    }
  }, [nav.state]);

  if (!enhanced) return <a href={href} className={className}>{children}</a>;

  const close = () => dialog.current?.close();
  const onClosed = () => {
    setWanted(false);
    trigger.current?.focus();
  };
  const open = () => {
    setWanted(true);
    fetcher.load(href);
  };
  const view = fetcher.data?.view;
  return (
    <>
      <button ref={trigger} type="button" className={className} aria-haspopup="dialog" onClick={open}>
        {children}
      </button>
      {wanted ? (
        <dialog ref={dialog} className="confirm-dialog" aria-labelledby={headingId} onClose={onClosed}>
          {view ? (
            <ConfirmPanel view={view} headingId={headingId} headingLevel={2} onCancel={close} />
          ) : (
            <div className="confirm-panel">
              <h2 id={headingId}>{t("loadFailed")}</h2>
              <p><a href={href}>{t("openPage")}</a></p>
              <button type="button" className="button button-secondary confirm-cancel" onClick={close}>{t("cancel")}</button>
            </div>
          )}
        </dialog>
      ) : null}
    </>
  );
}
